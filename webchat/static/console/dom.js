// DOM and formatting helpers. h() sets attributes and appends children;
// strings always become text nodes, so untrusted text (visitor messages,
// names, attributes, bot replies) can never become markup.
export function h(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const k of kids.flat()) {
    if (k !== null && k !== undefined && k !== false) e.append(typeof k === 'string' ? document.createTextNode(k) : k);
  }
  return e;
}

export const $ = (sel, root = document) => root.querySelector(sel);

// clean strips bidi embedding, override and isolate controls from names so
// a name cannot reorder the text around it.
export const clean = (s) => String(s ?? '').replace(/[\u202a-\u202e\u2066-\u2069]/g, '').trim();

// author reads a message author from the REST API ({kind,id,name}) or the
// websocket feed (the Go field names {Kind,ID,Name}).
export const author = (a) => ({ kind: a?.kind ?? a?.Kind ?? '', id: a?.id ?? a?.ID ?? '', name: clean(a?.name ?? a?.Name) });

// who names a conversation's contact for lists and headings.
export function who(c) {
  const ct = c.contact || {};
  return clean(ct.name) || clean(ct.email) || 'Visitor ' + String(ct.id || c.id || '').slice(-6);
}

const REASONS = {
  human_requested: 'Asked for a person', critical_urgency: 'Critical urgency', frustration: 'Frustrated visitor',
  segment_skips_bot: 'Segment skips the bot', repetition: 'Visitor repeated themselves', automation_cap: 'Bot answer limit reached',
  human_only_intent: 'Human-only topic', routed_intent: 'Topic routed to a team', low_confidence: 'Bot was not confident',
  no_knowledge: 'No article answers it', llm_no_answer: 'The model could not answer from the KB',
};
export const reasonLabel = (r) => (r ? REASONS[r] || String(r).replace(/_/g, ' ') : '');

// due describes an SLA deadline relative to now: "due in 4m" / "overdue 2m".
export function due(iso, now = Date.now()) {
  if (!iso) return '';
  const s = Math.round((Date.parse(iso) - now) / 1000);
  const span = (x) => (x < 60 ? x + 's' : x < 3600 ? Math.round(x / 60) + 'm' : x < 86400 ? Math.round(x / 3600) + 'h' : Math.round(x / 86400) + 'd');
  return s >= 0 ? 'due in ' + span(s) : 'overdue ' + span(-s);
}

export const time = (iso) => {
  const d = new Date(iso);
  return isNaN(d) ? '' : d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
};

export const dateTime = (iso) => {
  const d = new Date(iso);
  return isNaN(d) ? '' : d.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
};

// announce speaks a short text through the page's polite live region.
export function announce(text) {
  const live = $('#live');
  live.textContent = '';
  setTimeout(() => { live.textContent = clean(text).slice(0, 300); }, 50);
}
