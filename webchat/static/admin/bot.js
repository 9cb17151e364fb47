// "Test the bot": ask a question against the published knowledge or the
// drafts and see every step of the decision; replay recent visitor
// questions against the drafts to see which answers would change.
import { api } from './api.js';
import { h, field, area, check, input, table, notice, pct } from './ui.js';
import { reasonLabel } from '/console/dom.js';

export function botPanel(box) {
  const text = area('text', '', { rows: 3, required: true, placeholder: 'Ask anything, in any language' });
  const drafts = check('drafts', true);
  const out = h('div', { id: 'bot-result', 'aria-live': 'polite' });
  const form = h('form', { class: 'card', 'aria-label': 'Test the bot' },
    h('div', { class: 'form' }, field('Question', text, '', 'wide'), field('Use drafts (unpublished articles too)', drafts)),
    h('div', { class: 'bar' }, h('button', { type: 'submit', class: 'primary' }, 'Ask the bot')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    out.replaceChildren(h('p', { class: 'muted' }, 'Asking…'));
    try {
      out.replaceChildren(result(await api.botTest({ text: text.value, drafts: drafts.checked })));
    } catch (x) {
      out.replaceChildren(notice(x, 'Test the bot'));
    }
  });
  text.addEventListener('keydown', (e) => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); form.requestSubmit(); } });

  const limit = input('limit', '50', { type: 'number', min: 1, max: 500, size: 5 });
  const rout = h('div', { id: 'replay-result' });
  const rform = h('form', { class: 'card', 'aria-label': 'Replay against drafts' },
    h('h3', {}, 'Replay recent questions against the drafts'),
    h('p', { class: 'muted' }, 'Runs the last visitor questions through the bot with the drafts and lists the answers that would change.'),
    h('div', { class: 'bar' }, field('Questions', limit), h('button', { type: 'submit' }, 'Replay')), rout);
  rform.addEventListener('submit', async (e) => {
    e.preventDefault();
    rout.replaceChildren(h('p', { class: 'muted' }, 'Replaying…'));
    try {
      const r = await api.replay(Number(limit.value) || 50);
      const side = (x) => [x?.action, (x?.answered || []).join(', ') || x?.intent, x?.confidence !== undefined ? pct(x.confidence) : ''].filter(Boolean).join(' · ');
      rout.replaceChildren(h('p', {}, `${r.questions} questions: ${(r.changed || []).length} would change, ${r.unchanged} would not.`),
        table('Changed answers', [
          { label: 'Question', cell: (c) => c.question },
          { label: 'Now', cell: (c) => side(c.before) },
          { label: 'With drafts', cell: (c) => side(c.after) },
        ], r.changed || [], 'No answer would change.'));
    } catch (x) {
      rout.replaceChildren(notice(x, 'Replay'));
    }
  });
  box.replaceChildren(h('h2', {}, 'Test the bot'), form, out, rform);
}

function result(r) {
  const row = (k, v) => [h('dt', {}, k), h('dd', { dir: 'auto' }, v === '' || v === null || v === undefined ? '—' : String(v))];
  return h('div', { class: 'card' },
    h('dl', { class: 'kv' },
      row('Knowledge', r.knowledge === 'drafts' ? 'Drafts and published' : 'Published only'),
      row('Language', r.language), row('Intent', r.intent), row('Confidence', r.confidence !== undefined ? pct(r.confidence) : ''),
      row('Urgency', r.urgency + (r.frustrated ? ' (frustrated)' : '')), row('Action', r.action),
      row('Handoff reason', reasonLabel(r.handoff_reason)), row('Team', r.team),
      row('Reasons', (r.reasons || []).join('; '))),
    h('h3', {}, 'Matched articles'),
    table('Matched articles', [
      { label: 'Article', cell: (a) => h('a', { href: '#kb/' + encodeURIComponent(a.id), dir: 'auto' }, a.title || a.slug) },
      { label: 'Language', cell: (a) => a.language },
      { label: 'Score', cell: (a) => (typeof a.score === 'number' ? a.score.toFixed(3) : ''), num: true },
    ], r.articles || [], 'No article matched.'),
    h('h3', {}, 'Reply'), h('p', { class: 'reply', dir: 'auto' }, r.reply || '(no reply)'));
}
