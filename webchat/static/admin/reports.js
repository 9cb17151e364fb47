// Reports: summary cards for a window, daily charts, handoffs by reason,
// the busiest hours, and the questions the knowledge base could not answer.
import { api, url, site } from './api.js';
import { h, input, select, field, table, guard, pct, dur } from './ui.js';
import { reasonLabel } from '/console/dom.js';
import { lineChart, barChart, heatMap } from './charts.js';
import { newArticle } from './editor.js';

const day = (d) => d.toISOString().slice(0, 10);
const state = { from: day(new Date(Date.now() - 29 * 864e5)), to: day(new Date()), site: null, team: '', language: '', segment: '' };

// params turns the form's dates (local days, inclusive) into the RFC 3339
// window the API takes.
function params() {
  const from = new Date(state.from + 'T00:00:00');
  const to = new Date(state.to + 'T00:00:00');
  to.setDate(to.getDate() + 1);
  return { from: from.toISOString(), to: to.toISOString(), site: state.site, team: state.team, language: state.language, segment: state.segment };
}

const csv = (kind) => h('a', { href: url('/reports/' + kind, { ...params(), format: 'csv' }, false), download: kind + '.csv', class: 'csv' }, 'CSV');
const num = (x) => (x === null || x === undefined ? '—' : String(Math.round(x)));

// The window and filters live in the address (#reports?from=…&to=…), so a
// reload, Back or a shared link shows the same report.
const DAY = /^\d{4}-\d{2}-\d{2}$/;
function fromHash() {
  const q = new URLSearchParams(location.hash.split('?')[1] || '');
  for (const k of Object.keys(state)) {
    const v = q.get(k);
    if (v !== null && (!['from', 'to'].includes(k) || DAY.test(v))) state[k] = v;
  }
}
function toHash() {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(state)) if (v || k === 'site') q.set(k, v ?? '');
  history.replaceState(null, '', '#reports?' + q);
}

export async function reportsPage(box) {
  fromHash();
  if (state.site === null) state.site = site();
  const sites = await api.sites().catch(() => []);
  const f = {
    from: input('from', state.from, { type: 'date', required: true }), to: input('to', state.to, { type: 'date', required: true }),
    site: select('site', [['', 'All sites'], ...sites.map((s) => [s.key, s.name || s.key])], state.site),
    team: input('team', state.team, { size: 10 }), language: input('language', state.language, { size: 5 }), segment: input('segment', state.segment, { size: 10 }),
  };
  const form = h('form', { class: 'filters', 'aria-label': 'Report window and filters' },
    field('From', f.from), field('To', f.to), field('Site', f.site), field('Team', f.team), field('Language', f.language), field('Segment', f.segment),
    h('button', { type: 'submit', class: 'primary' }, 'Show'));
  const out = h('div', { id: 'report' });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    for (const k of Object.keys(f)) state[k] = f[k].value.trim();
    toHash();
    draw(out);
  });
  box.replaceChildren(h('h2', {}, 'Reports'), form, out);
  draw(out);
}

async function draw(out) {
  const p = params();
  const summary = h('section', { 'aria-labelledby': 'r-sum' }), daily = h('section', { 'aria-labelledby': 'r-daily' });
  const reasons = h('div', {}), hours = h('section', { 'aria-labelledby': 'r-hours' }), gaps = h('section', { 'aria-labelledby': 'r-gaps' });
  const votes = h('section', { 'aria-labelledby': 'r-votes' });
  out.replaceChildren(summary, daily, h('div', { class: 'charts' }, reasons, hours), gaps, votes);
  await Promise.all([
    guard(summary, 'The summary', async () => {
      const r = await api.report('summary', p);
      const card = (k, v) => h('div', { class: 'metric' }, h('div', { class: 'v' }, v), h('div', { class: 'k' }, k));
      summary.replaceChildren(h('h3', { id: 'r-sum' }, 'Summary ', csv('summary')), h('div', { class: 'cards' },
        card('First response, median', dur(r.first_response_p50_s)), card('First response, 90th percentile', dur(r.first_response_p90_s)),
        card('Resolution, median', dur(r.resolution_p50_s)), card('CSAT', pct(r.csat)), card('NPS', num(r.nps)),
        card('Bot containment', pct(r.bot_containment_rate)), card('Handoff rate', pct(r.handoff_rate)),
        card('False answers', pct(r.false_answer_rate)), card('SLA breaches', num(r.sla_breaches))));
      const by = Object.entries(r.handoffs_by_reason || {}).map(([k, v]) => ({ label: reasonLabel(k), value: v }));
      reasons.replaceChildren(barChart('Handoffs by reason', by));
    }),
    guard(daily, 'Daily figures', async () => {
      const days = (await api.report('daily', p)).days || [];
      const d = days.map((x) => x.date);
      const col = (k) => days.map((x) => x[k] ?? null);
      const pc = (v) => Math.round(v * 100) + '%';
      daily.replaceChildren(h('h3', { id: 'r-daily' }, 'By day ', csv('daily')), h('div', { class: 'charts' },
        lineChart('Conversations', d, [{ label: 'conversations', values: col('conversations') }], num),
        lineChart('First response', d, [{ label: 'median', values: col('first_response_p50_s') }, { label: '90th pct', values: col('first_response_p90_s') }], dur),
        lineChart('Resolution, median', d, [{ label: 'median', values: col('resolution_p50_s') }], dur),
        lineChart('CSAT', d, [{ label: 'CSAT', values: col('csat') }], pc, 1),
        lineChart('NPS', d, [{ label: 'NPS', values: col('nps') }], num),
        lineChart('Bot containment and handoffs', d, [{ label: 'containment', values: col('bot_containment_rate') }, { label: 'handoff', values: col('handoff_rate') }], pc, 1),
        lineChart('False answers', d, [{ label: 'false answers', values: col('false_answer_rate') }], pc, 1),
        lineChart('SLA breaches', d, [{ label: 'breaches', values: col('sla_breaches') }], num)));
    }),
    guard(hours, 'Busiest hours', async () => {
      const r = await api.report('hours', p);
      hours.replaceChildren(h('h3', { id: 'r-hours', class: 'sr-only' }, 'Busiest hours'), heatMap('Busiest hours (messages by weekday and hour) ', r.hours || []), csv('hours'));
    }),
    guard(gaps, 'Knowledge gaps', async () => {
      const r = await api.report('gaps', p);
      gaps.replaceChildren(h('h3', { id: 'r-gaps' }, 'Questions the knowledge base did not answer ', csv('gaps')),
        table('Knowledge gaps', [
          { label: 'Question', cell: (g) => g.question }, { label: 'Language', cell: (g) => g.language },
          { label: 'Times asked', cell: (g) => g.count, num: true },
          { label: '', cell: (g) => h('button', { type: 'button', class: 'write', onclick: () => newArticle({ questions: [g.question], language: g.language || 'en', title: '', body: '' }) }, 'Write an article for this') },
        ], r.gaps || [], 'No unanswered questions in this window.'));
    }),
    // Help-center votes have no conversation, so no team or segment.
    (p.team || p.segment) ? votes.replaceChildren() : guard(votes, 'Help-center votes', async () => {
      const r = await api.report('articles', p);
      votes.replaceChildren(h('h3', { id: 'r-votes' }, 'Help center: was this article helpful? ', csv('articles')),
        table('Help-center votes', [
          { label: 'Article', cell: (a) => a.slug }, { label: 'Language', cell: (a) => a.language },
          { label: 'Helpful', cell: (a) => a.helpful, num: true }, { label: 'Not helpful', cell: (a) => a.unhelpful, num: true },
          { label: 'Helpful rate', cell: (a) => pct(a.helpful_rate), num: true },
        ], r.articles || [], 'No votes on help-center articles in this window.'));
    }),
  ]);
}
