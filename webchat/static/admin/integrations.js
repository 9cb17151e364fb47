// Outgoing webhooks and API tokens; both secrets are shown once.
import { api } from './api.js';
import { h, table, notice, dateTime } from './ui.js';
import { crud } from './crud.js';

const EVENTS = 'conversation.created, conversation.handed_off, conversation.assigned, conversation.resolved, csat.received, article.published';

export function webhooksPage(box) {
  crud(box, {
    title: 'Webhooks', noun: 'webhook', name: (w) => w.url, secretLabel: 'Signing secret',
    load: api.webhooks,
    columns: [
      { label: 'URL', cell: (w) => w.url }, { label: 'Events', cell: (w) => (w.events || []).join(', ') || 'All' },
      { label: 'Description', cell: (w) => w.description }, { label: 'Active', cell: (w) => (w.active ? 'Yes' : 'No') },
    ],
    blank: { active: true },
    fields: [
      { key: 'url', label: 'URL', required: true, attrs: { type: 'url', dir: 'ltr' } },
      { key: 'events', label: 'Events', type: 'commas', wide: true, hint: 'Empty: all. Any of ' + EVENTS + '.' },
      { key: 'description', label: 'Description' }, { key: 'active', label: 'Active', type: 'checkbox' },
    ],
    save: (v, it) => (it ? api.updateWebhook(it.id, v) : api.createWebhook(v)),
    remove: (w) => api.deleteWebhook(w.id),
    actions: (w, { top }) => [h('button', { type: 'button', onclick: () => deliveries(w, top) }, 'Deliveries')],
  });
}

async function deliveries(w, top) {
  try {
    const ds = await api.deliveries(w.id);
    top.replaceChildren(h('section', { class: 'card', 'aria-label': 'Deliveries' }, h('h3', {}, 'Recent deliveries to ' + w.url),
      table('Deliveries', [
        { label: 'Event', cell: (d) => d.event || d.type }, { label: 'Status', cell: (d) => d.status_code || d.status || '' },
        { label: 'Attempt', cell: (d) => d.attempt, num: true }, { label: 'Error', cell: (d) => d.error },
        { label: 'Next retry', cell: (d) => (d.next_retry ? dateTime(d.next_retry) : d.next_attempt_at ? dateTime(d.next_attempt_at) : '') },
      ], ds, 'No deliveries yet.')));
  } catch (e) {
    top.replaceChildren(notice(e, 'Deliveries'));
  }
}

export function tokensPage(box) {
  crud(box, {
    title: 'API tokens', noun: 'token', name: (t) => t.name, secretLabel: 'API token', canEdit: false,
    intro: 'Tokens let integrations call the API as "Authorization: Bearer pat_…". A token cannot create more tokens.',
    load: api.tokens,
    columns: [
      { label: 'Name', cell: (t) => t.name }, { label: 'Role', cell: (t) => t.role },
      { label: 'Created', cell: (t) => dateTime(t.created_at) },
      { label: 'Last used', cell: (t) => (t.last_used_at ? dateTime(t.last_used_at) : 'Never') },
      { label: 'Expires', cell: (t) => (t.expires_at ? dateTime(t.expires_at) : 'Never') },
      { label: 'State', cell: (t) => (t.revoked ? 'Revoked' : 'Active') },
    ],
    blank: { role: 'agent' },
    fields: [
      { key: 'name', label: 'Name', required: true },
      { key: 'role', label: 'Role', type: 'select', options: [['agent', 'Agent'], ['admin', 'Admin']] },
      { key: 'expires_at', label: 'Expires', attrs: { type: 'date' }, parse: (s) => (s ? new Date(s + 'T00:00:00Z').toISOString() : undefined) },
    ],
    save: (v) => api.createToken(v),
    remove: (t) => api.deleteToken(t.id), removeLabel: 'Revoke',
  });
}
