// The audit log: who changed what, newest first, a hundred at a time.
import { api } from './api.js';
import { h, table, guard, dateTime } from './ui.js';

const detail = (d) => (d === null || d === undefined || d === '' ? '' : typeof d === 'string' ? d : JSON.stringify(d));

export function auditPage(box) {
  const list = h('div', { id: 'audit-list' });
  const more = h('button', { type: 'button', hidden: true }, 'Older entries');
  let entries = [], next = null;
  box.replaceChildren(h('h2', {}, 'Audit log'), list, h('div', { class: 'bar' }, more));
  async function load(before) {
    const r = await guard(list, 'The audit log', () => api.audit(before));
    if (!r) return;
    entries = before ? [...entries, ...(r.entries || [])] : r.entries || [];
    next = r.next_before ?? null;
    more.hidden = next === null || (r.entries || []).length < 100;
    list.replaceChildren(table('Audit log', [
      { label: 'When', cell: (e) => dateTime(e.at) }, { label: 'Who', cell: (e) => e.actor || e.actor_id },
      { label: 'Action', cell: (e) => e.action }, { label: 'Target', cell: (e) => e.target },
      { label: 'Detail', cell: (e) => h('code', { class: 'detail', dir: 'auto' }, detail(e.detail)) },
    ], entries, 'No changes recorded yet.'));
  }
  more.addEventListener('click', () => load(next));
  load();
}
