// Intents (admin-defined topics routed to teams) and the bot's settings.
import { api } from './api.js';
import { h, guard, notice, announce } from './ui.js';
import { crud, form } from './crud.js';

export function intentsPage(box) {
  crud(box, {
    title: 'Intents', noun: 'intent', name: (i) => i.name,
    intro: 'Topics the bot recognises from example phrases and sends to a team; human-only topics always go to a person.',
    load: api.intents,
    columns: [
      { label: 'Name', cell: (i) => i.name }, { label: 'Team', cell: (i) => i.team },
      { label: 'Human only', cell: (i) => (i.human_only ? 'Yes' : 'No') }, { label: 'Phrases', cell: (i) => (i.phrases || []).length, num: true },
    ],
    fields: [
      { key: 'name', label: 'Name', required: true }, { key: 'team', label: 'Team' },
      { key: 'human_only', label: 'Human only (never answered by the bot)', type: 'checkbox' },
      { key: 'phrases', label: 'Phrases', type: 'lines', wide: true, hint: 'One per line, in any language.' },
    ],
    save: (v, it) => (it ? api.updateIntent(it.id, v) : api.createIntent(v)),
    remove: (it) => api.deleteIntent(it.id),
  });
}

const BOT_FIELDS = [
  { key: 'threshold', label: 'Confidence threshold', type: 'number', attrs: { min: 0, max: 1, step: 0.01 }, hint: 'The bot answers only above this confidence (0–1). 0: automatic.' },
  { key: 'automation_cap', label: 'Automation cap', type: 'number', attrs: { min: 0, step: 1 }, hint: 'Most bot answers in a row, none marked helpful, before a person takes over (0: the default, 10). The bot hands over sooner when a visitor says an answer did not help.' },
  { key: 'skip_segments', label: 'Segments that skip the bot', type: 'commas', hint: 'Comma-separated, e.g. vip, enterprise.' },
  { key: 'bypass_urgency', label: 'Urgency that goes straight to a person', type: 'select', options: [['', 'None'], ['high', 'High and critical'], ['critical', 'Critical only']] },
];

export async function botSettingsPage(box) {
  const body = h('div', {});
  box.replaceChildren(h('h2', {}, 'Bot settings'), body);
  const cur = await guard(body, 'Bot settings', api.botSettings);
  if (!cur) return;
  const f = form(BOT_FIELDS, cur, false);
  const chosen = cur.chosen_threshold
    ? h('p', { class: 'hint', id: 'chosen-threshold' }, `Automatic threshold: ${cur.chosen_threshold.toFixed(2)}, chosen from this site's published articles (their example questions held out in turn) and out-of-scope questions Parley ships in every language. It is used while the threshold above is 0.`)
    : h('p', { class: 'hint', id: 'chosen-threshold' }, 'The automatic threshold is chosen when the knowledge base is first published.');
  const err = h('div', {});
  const el = h('form', { class: 'card', 'aria-label': 'Bot settings' }, h('div', { class: 'form' }, f.els), chosen, err,
    h('div', { class: 'bar' }, h('button', { type: 'submit', class: 'primary' }, 'Save')));
  el.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await api.putBotSettings(f.read());
      err.replaceChildren(h('p', { class: 'notice', role: 'status' }, 'Saved.'));
      announce('Bot settings saved');
    } catch (x) {
      err.replaceChildren(notice(x));
    }
  });
  body.replaceChildren(el);
}
