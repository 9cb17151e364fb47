// The contact's sidebar: who they are (segment, name, email, locale, custom
// attributes), the conversation's desk facts, and the contact's other
// conversations (their history). All values are text.
import { h, clean, dateTime, due } from './dom.js';

const MODE = { bot: 'With the bot', queued: 'Queued', assigned: 'Assigned', resolved: 'Resolved' };

// historyList shows a contact's other conversations, newest first; null
// while they load.
export function historyList(convs, currentId, open) {
  if (convs === null) return h('p', { class: 'muted' }, 'Loading…');
  const others = convs.filter((c) => c.id !== currentId);
  if (!others.length) return h('p', { class: 'muted' }, 'None');
  return h('ul', { class: 'history' }, others.map((c) => h('li', null,
    h('button', { type: 'button', class: 'hist', 'data-id': c.id, onclick: () => open(c.id) },
      h('span', { class: 'when' }, dateTime(c.created_at)),
      h('span', { class: 'mode mode-' + c.mode }, MODE[c.mode] || c.mode),
      c.language ? h('span', { class: 'lang' }, c.language) : null))));
}

const row = (k, v) => [h('dt', null, k), h('dd', null, v === '' || v === null || v === undefined ? '—' : String(v))];

const value = (v) => (typeof v === 'string' ? v : JSON.stringify(v));

export function contactCard(c, history) {
  const ct = c.contact || {};
  const attrs = Object.entries(ct.attributes || {}).sort(([a], [b]) => a.localeCompare(b));
  const when = (iso) => (iso ? `${dateTime(iso)} (${due(iso)})` : '');
  return h('div', { class: 'card' },
    h('h2', { id: 'contact-title' }, 'Contact'),
    h('dl', { class: 'facts' },
      row('Name', clean(ct.name)), row('Email', ct.email), row('Segment', ct.segment),
      row('Locale', ct.locale), row('Contact id', ct.id)),
    h('h3', { id: 'history-h' }, 'Earlier conversations'),
    h('div', { id: 'history', 'aria-labelledby': 'history-h' }, history),
    h('h3', null, 'Attributes'),
    attrs.length ? h('dl', { class: 'facts attrs' }, attrs.flatMap(([k, v]) => row(k, value(v))))
      : h('p', { class: 'muted' }, 'None'),
    h('h3', null, 'Conversation'),
    h('dl', { class: 'facts' },
      row('Language', c.language), row('Team', c.team), row('Started', dateTime(c.created_at)),
      row('Queued', c.queued_at ? dateTime(c.queued_at) : ''),
      row('First response', c.first_response_at ? dateTime(c.first_response_at) : when(c.sla?.first_response_due)),
      c.first_response_at ? row('Next response', when(c.sla?.next_response_due)) : null,
      row('Resolution', c.resolved_at ? dateTime(c.resolved_at) : when(c.sla?.resolution_due))));
}
