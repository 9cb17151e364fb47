// The transcript: every message (the bot's part and internal notes
// included) as plain text, each bot turn annotated with what the bot saw and
// decided, and the handoff summary pinned above it. Bot and agent messages
// are Markdown, rendered by the widget's own module (/console/markdown.js is
// the same file), which builds DOM nodes and never parses HTML; visitors'
// messages are plain text.
import { h, author, reasonLabel, time, dateTime } from './dom.js';
import { markdown } from './markdown.js';
import { fileList } from './files.js';

const ACTIONS = { answer: 'Bot answered', clarify: 'Bot asked to clarify', handoff: 'Bot handed off' };

const meta = (m) => {
  if (!m.meta) return {};
  if (typeof m.meta === 'object') return m.meta;
  try { return JSON.parse(m.meta); } catch (e) { return {}; }
};

// safeURL keeps http(s) links only (relative ones resolved against the
// console), never with credentials: a link never runs script.
export function safeURL(u) {
  try {
    const url = new URL(String(u), location.href);
    if (url.username || url.password) return null;
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch (e) { return null; }
}

// body is a message's text: Markdown from the bot and agents, text from
// anyone else.
function body(kind, text) {
  if (kind !== 'bot' && kind !== 'agent') return h('p', { class: 'text' }, text);
  return h('div', { class: 'text md' }, markdown(text ?? '', safeURL));
}

function articleList(arts) {
  return h('ul', { class: 'arts' }, arts.map((a) => {
    const href = safeURL(a.url);
    const title = a.title || a.slug || a.id;
    return h('li', null, href ? h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, title) : title);
  }));
}

function uniqueArticles(list) {
  const seen = new Set();
  return list.filter((a) => {
    if (!a) return false;
    const k = a.id || a.slug + '/' + a.title;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

const kv = (k, v) => (v === '' || v === null || v === undefined ? null
  : h('span', { class: 'kv' }, h('span', { class: 'k' }, k + ' '), h('span', { class: 'v' }, String(v))));

const pct = (x) => (typeof x === 'number' ? Math.round(x * 100) + '%' : '');

// decisionNote describes one bot turn.
export function decisionNote(d) {
  return h('div', { class: 'decision decision-' + d.action, 'data-decision': d.action },
    h('span', { class: 'act' }, ACTIONS[d.action] || 'Bot: ' + d.action),
    kv('intent', d.intent), d.intent ? kv('confidence', pct(d.confidence)) : null, kv('urgency', d.urgency), kv('language', d.language),
    d.handoff_reason ? kv('handed off because', reasonLabel(d.handoff_reason)) : null,
    d.frustrated ? kv('tone', 'frustrated') : null,
    d.reasons?.length ? kv('reasons', d.reasons.join(', ')) : null,
    d.articles?.length ? h('span', { class: 'kv' }, h('span', { class: 'k' }, 'articles '), articleList(d.articles)) : null);
}

const LABEL = { visitor: 'Visitor', bot: 'Bot', agent: 'Agent', system: 'System' };

// messageItem renders one message; decisions are the bot turns that decided
// on it (shown under the visitor's message).
// bot is the site's name for its bot, which every bot message goes by (as
// in the widget), whatever name it was stored with.
export function messageItem(m, decisions = [], meId = '', bot = 'Assistant') {
  const a = author(m.author);
  const mt = meta(m);
  const name = a.kind === 'bot' ? bot : a.kind === 'agent' && a.id === meId ? 'You' : a.name || LABEL[a.kind] || a.kind;
  const cls = ['msg', 'msg-' + (LABEL[a.kind] ? a.kind : 'system'), m.private && 'note', mt.event && 'event'].filter(Boolean).join(' ');
  return h('li', { class: cls, 'data-seq': m.seq },
    h('div', { class: 'who' }, h('span', { class: 'name' }, name),
      a.kind === 'system' || name === LABEL[a.kind] ? null : h('span', { class: 'role' }, LABEL[a.kind] || ''),
      m.private ? h('span', { class: 'tag' }, 'Internal note') : null,
      h('time', { datetime: m.created_at, title: dateTime(m.created_at) }, time(m.created_at))),
    m.text || !mt.attachments ? body(a.kind, m.text) : null,
    fileList(mt.attachments),
    a.kind === 'bot' && Array.isArray(mt.articles) && mt.articles.length ? articleList(mt.articles) : null,
    decisions.filter((d) => d.action !== 'silent').map(decisionNote));
}

// byMessage groups the bot's decisions by the message they decided on.
export function byMessage(decisions) {
  const out = new Map();
  for (const d of decisions || []) {
    const k = d.message_seq;
    if (!out.has(k)) out.set(k, []);
    out.get(k).push(d);
  }
  return out;
}

// summary is the pinned handoff card, or null when there was no handoff.
export function summary(conv, messages, decisions) {
  const handoffs = (decisions || []).filter((d) => d.action === 'handoff');
  const last = handoffs[handoffs.length - 1];
  const reason = conv.handoff_reason || last?.handoff_reason;
  if (!reason && !last) return null;
  // The last question: what the visitor said last before a person first
  // answered after the handoff (everything said while waiting counts).
  const from = last ? last.message_seq : 0;
  const answered = messages.find((m) => m.seq > from && !m.private && author(m.author).kind === 'agent');
  const upto = answered ? answered.seq : Infinity;
  const question = [...messages].reverse().find((m) => author(m.author).kind === 'visitor' && m.seq < upto);
  const arts = uniqueArticles([
    ...(decisions || []).flatMap((d) => d.articles || []),
    ...messages.filter((m) => author(m.author).kind === 'bot').flatMap((m) => meta(m).articles || []),
  ]);
  const why = [...new Set(handoffs.flatMap((d) => d.reasons || []))];
  const row = (k, ...v) => [h('dt', null, k), h('dd', null, ...v)];
  const card = h('details', { class: 'summary', open: !summaryClosed },
    h('summary', null, h('h3', null, 'Handoff summary')),
    h('dl', null,
      row('Reason', reasonLabel(reason) || 'unknown'),
      row('Urgency', h('span', { class: 'urg urg-' + conv.urgency }, conv.urgency), why.length ? ' — ' + why.join(', ') : ''),
      row('Last question', question ? h('q', { class: 'question' }, question.text) : 'none'),
      row('Articles shown', arts.length ? articleList(arts) : 'none')));
  card.addEventListener('toggle', () => { summaryClosed = !card.open; });
  return card;
}

let summaryClosed = false; // an agent who folds the summary keeps it folded
