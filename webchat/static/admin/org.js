// Teams and their opening hours, SLA policies, agents.
import { api } from './api.js';
import { lines } from './ui.js';
import { crud } from './crud.js';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

// Opening hours are edited as text, one day a line: "mon 09:00-17:00 18:00-20:00".
export const formatDays = (days) => DAYS.filter((d) => days?.[d]?.length)
  .map((d) => d + ' ' + days[d].map(([a, b]) => a + '-' + b).join(' ')).join('\n');
export function parseDays(s) {
  const out = {};
  for (const line of lines(s)) {
    const [d, ...spans] = line.split(/\s+/);
    const day = d.toLowerCase().slice(0, 3);
    if (!DAYS.includes(day)) throw new Error(`Opening hours: "${d}" is not a day (use mon, tue, wed, thu, fri, sat, sun).`);
    out[day] = spans.map((sp) => {
      const m = /^(\d{2}:\d{2})-(\d{2}:\d{2})$/.exec(sp);
      if (!m) throw new Error(`Opening hours: "${sp}" is not a span like 09:00-17:00.`);
      return [m[1], m[2]];
    });
  }
  return out;
}

export function teamsPage(box) {
  crud(box, {
    title: 'Teams & hours', noun: 'team', name: (t) => t.name || t.key,
    load: api.teams,
    columns: [
      { label: 'Key', cell: (t) => t.key }, { label: 'Name', cell: (t) => t.name },
      { label: 'Time zone', cell: (t) => t.hours?.timezone || '' },
      { label: 'Hours', cell: (t) => formatDays(t.hours?.days).replace(/\n/g, '; ') || 'Always open' },
    ],
    fields: [
      { key: 'key', label: 'Key', required: true, on: 'create', hint: 'Short and fixed, e.g. billing.' },
      { key: 'name', label: 'Name', required: true },
      { key: 'hours.timezone', label: 'Time zone', hint: 'IANA name, e.g. Europe/Warsaw.' },
      { key: 'hours.days', label: 'Opening hours', type: 'textarea', wide: true, format: formatDays, parse: parseDays,
        hint: 'One day a line: mon 09:00-17:00. No lines: always open.' },
      { key: 'hours.holidays', label: 'Holidays', type: 'lines', hint: 'One date a line: 2025-12-25.' },
    ],
    save: (v, it) => api.putTeam(it ? it.key : v.key, { name: v.name, hours: v.hours }),
    remove: (t) => api.deleteTeam(t.key),
  });
}

const URGENCY = [['', 'Any'], ['low', 'Low'], ['normal', 'Normal'], ['high', 'High'], ['critical', 'Critical']];

export function slaPage(box) {
  const same = (a, b) => a.urgency === b.urgency && a.segment === b.segment;
  crud(box, {
    title: 'SLA policies', noun: 'policy', name: (p) => (p.urgency || 'any urgency') + ' / ' + (p.segment || 'any segment'),
    intro: 'Targets by urgency and segment, as durations like 15m or 4h; the most specific policy applies.',
    load: api.sla,
    columns: [
      { label: 'Urgency', cell: (p) => p.urgency || 'Any' }, { label: 'Segment', cell: (p) => p.segment || 'Any' },
      { label: 'First response', cell: (p) => p.first_response }, { label: 'Next response', cell: (p) => p.next_response },
      { label: 'Resolution', cell: (p) => p.resolution }, { label: 'Business hours', cell: (p) => (p.business_hours ? 'Yes' : 'No') },
    ],
    fields: [
      { key: 'urgency', label: 'Urgency', type: 'select', options: URGENCY }, { key: 'segment', label: 'Segment' },
      { key: 'first_response', label: 'First response', attrs: { placeholder: '15m' } },
      { key: 'next_response', label: 'Next response', attrs: { placeholder: '30m' } },
      { key: 'resolution', label: 'Resolution', attrs: { placeholder: '24h' } },
      { key: 'business_hours', label: 'Count business hours only', type: 'checkbox' },
    ],
    // The policies are saved as one list.
    save: (v, it, all) => api.putSLA(it ? all.map((p) => (p === it ? v : p)) : [...all.filter((p) => !same(p, v)), v]),
    remove: (it, all) => api.putSLA(all.filter((p) => p !== it)),
  });
}

export function agentsPage(box) {
  crud(box, {
    title: 'Agents', noun: 'agent', name: (a) => a.name || a.email,
    // disabled mirrors state for the form's checkbox (PUT takes disabled).
    load: () => api.agents().then((as) => as.map((a) => ({ ...a, disabled: a.state === 'disabled' }))),
    columns: [
      { label: 'Name', cell: (a) => a.name }, { label: 'Email', cell: (a) => a.email }, { label: 'Role', cell: (a) => a.role },
      { label: 'Teams', cell: (a) => (a.teams || []).join(', ') }, { label: 'Languages', cell: (a) => (a.languages || []).join(', ') },
      { label: 'Capacity', cell: (a) => a.capacity, num: true },
      { label: 'State', cell: (a) => (a.state === 'disabled' ? 'Disabled' : 'Active') },
    ],
    blank: { role: 'agent', capacity: 5 },
    fields: [
      { key: 'email', label: 'Email', required: true, on: 'create', attrs: { type: 'email', dir: 'ltr' } },
      { key: 'name', label: 'Name', required: true },
      { key: 'role', label: 'Role', type: 'select', options: [['agent', 'Agent'], ['admin', 'Admin']] },
      { key: 'password', label: 'Password', type: 'password', required: true, hint: (a) => (a.id ? 'Leave empty to keep it.' : 'At least 8 characters.') },
      { key: 'teams', label: 'Teams', type: 'commas' }, { key: 'languages', label: 'Languages', type: 'commas', hint: 'e.g. en, pl' },
      { key: 'capacity', label: 'Capacity', type: 'number', attrs: { min: 0, step: 1 }, hint: 'Conversations at once.' },
      { key: 'disabled', label: 'Disabled', type: 'checkbox', hint: 'Cannot sign in; signed out everywhere; open conversations go back to the queue.' },
    ],
    save: (v, it) => (it ? api.updateAgent(it.id, v) : api.createAgent(v)),
    // Deleted agents stay the authors of their messages; the email is freed.
    remove: (it) => api.deleteAgent(it.id),
  });
}
