// Sites (origins, identity verification, look, greetings, the bot's name)
// and their proactive message rules.
import { api, site } from './api.js';
import { h } from './ui.js';
import { crud } from './crud.js';

export function sitesPage(box) {
  crud(box, {
    title: 'Sites', noun: 'site', name: (s) => s.name || s.key, canCreate: false,
    // The bot's name has its own endpoint (agents read it too).
    load: async () => {
      const [sites, bots] = await Promise.all([api.sites(), api.bots()]);
      const names = new Map(bots.map((b) => [b.site_key, b.name]));
      return sites.map((s) => ({ ...s, bot_name: names.get(s.key) || '' }));
    },
    columns: [
      { label: 'Key', cell: (s) => s.key }, { label: 'Name', cell: (s) => s.name },
      { label: 'Bot', cell: (s) => s.bot_name },
      { label: 'Allowed origins', cell: (s) => (s.allowed_origins || []).join(' ') || 'Any' },
      { label: 'Identity', cell: (s) => (s.identity_required ? 'Required' : 'Optional') + (s.identity_secret_set ? ' · secret set' : ' · no secret') },
      { label: 'Colour', cell: (s) => h('span', {}, s.theme?.color || '') },
    ],
    fields: [
      { key: 'name', label: 'Name', required: true },
      { key: 'bot_name', label: 'Bot name',
        hint: 'What visitors and agents see on the bot\'s messages. Empty: Assistant.' },
      { key: 'allowed_origins', label: 'Allowed origins', type: 'lines', hint: 'One a line, like https://www.example.com. None: any page may embed the widget.' },
      { key: 'identity_secret', label: 'Identity secret', type: 'password',
        hint: (s) => (s.identity_secret_set ? 'A secret is set; it is never shown. Type a new one to replace it.' : 'No secret yet.') },
      { key: 'identity_required', label: 'Require verified identity', type: 'checkbox' },
      { key: 'theme.color', label: 'Colour', type: 'color' },
      { key: 'theme.position', label: 'Position', type: 'select', options: [['right', 'Bottom right'], ['left', 'Bottom left']] },
      { key: 'greetings', label: 'Greetings', type: 'map', wide: true, hint: 'One language a line: "pl: Dzień dobry! W czym pomóc?"' },
      { key: 'away', label: 'Away messages', type: 'map', wide: true, hint: 'Shown when nobody is available; one language a line.' },
    ],
    save: async ({ bot_name: bot, ...v }, it) => {
      const r = await api.putSite(it.key, v);
      if (bot.trim() !== it.bot_name) await api.putBot(it.key, bot.trim());
      return r;
    },
  });
}

export function proactivePage(box) {
  const key = site();
  const noSite = !key;
  crud(box, {
    title: 'Proactive rules', noun: 'rule', name: (r) => r.name,
    intro: noSite ? 'Choose a site at the top first.' : 'Messages the widget shows by itself, at most once a day per visitor, never during a conversation.',
    load: async () => (noSite ? [] : api.proactive(key)),
    columns: [
      { label: 'Name', cell: (r) => r.name }, { label: 'Pages', cell: (r) => r.url_pattern },
      { label: 'After', cell: (r) => (r.min_seconds_on_page || 0) + ' s', num: true },
      { label: 'Segments', cell: (r) => (r.segments || []).join(', ') || 'All' },
      { label: 'Languages', cell: (r) => Object.keys(r.messages || {}).join(', ') },
      { label: 'Active', cell: (r) => (r.active ? 'Yes' : 'No') },
    ],
    blank: { active: true, url_pattern: '/*', min_seconds_on_page: 30 },
    fields: [
      { key: 'name', label: 'Name', required: true },
      { key: 'url_pattern', label: 'Page pattern', hint: 'A path glob, e.g. /pricing*' },
      { key: 'min_seconds_on_page', label: 'Seconds on the page', type: 'number', attrs: { min: 0, step: 1 } },
      { key: 'segments', label: 'Segments', type: 'commas', hint: 'Empty: every visitor.' },
      { key: 'attributes', label: 'Attributes that must match', type: 'map', hint: 'One a line: plan: pro' },
      { key: 'messages', label: 'Message per language', type: 'map', wide: true, hint: 'One language a line: "en: Questions about pricing?"' },
      { key: 'active', label: 'Active', type: 'checkbox' },
    ],
    // The rules are saved as one list; a new rule has no id until saved.
    save: (v, it, all) => api.putProactive(key, it ? all.map((r) => (r === it ? { ...v, id: it.id } : r)) : [...all, v]),
    remove: (it, all) => api.putProactive(key, all.filter((r) => r !== it)),
  });
}
