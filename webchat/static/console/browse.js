// The conversations view: every conversation, resolved ones included,
// filtered by status, language, urgency and assignee and searched by
// message text (GET /conversations/search), newest first. Results show the
// matching message, so an agent can tell why each was found.
import { api } from './api.js';
import { h, $, who, dateTime, announce } from './dom.js';

const MODE = { bot: 'With the bot', queued: 'Queued', assigned: 'Assigned', resolved: 'Resolved' };
export const modeLabel = (m) => MODE[m] || m;

export class Browse {
  constructor(app) {
    this.app = app;
    this.results = [];
    this.languages = new Set();
    this.token = 0;
    this.timer = 0;
    this.loaded = false;
  }

  wire() {
    $('#tab-inbox').addEventListener('click', () => this.show(false));
    $('#tab-all').addEventListener('click', () => this.show(true));
    $('#search').addEventListener('submit', (e) => { e.preventDefault(); this.search(); });
    $('#search-q').addEventListener('input', () => this.schedule());
    for (const id of ['#f-status', '#f-language', '#f-urgency', '#f-assignee']) $(id).addEventListener('change', () => this.search());
  }

  get open() { return !$('#browse').hidden; }

  show(on) {
    $('#inbox').hidden = on;
    $('#browse').hidden = !on;
    $('#tab-inbox').setAttribute('aria-selected', String(!on));
    $('#tab-all').setAttribute('aria-selected', String(on));
    if (on && !this.loaded) this.search();
    (on ? $('#search-q') : $('#tab-inbox')).focus();
  }

  schedule() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.search(), 250);
  }

  query() {
    const q = {
      q: $('#search-q').value.trim(), status: $('#f-status').value, language: $('#f-language').value,
      urgency: $('#f-urgency').value, assignee: $('#f-assignee').value,
    };
    return Object.fromEntries(Object.entries(q).filter(([, v]) => v));
  }

  async search() {
    clearTimeout(this.timer);
    const token = ++this.token;
    const q = this.query();
    $('#browse-count').textContent = 'Searching…';
    try {
      const list = await api.search(q);
      if (token !== this.token) return;
      this.loaded = true;
      this.results = list;
      this.seeLanguages(list);
      this.render();
      announce(`${list.length} conversation${list.length === 1 ? '' : 's'} found`);
    } catch (e) {
      if (token !== this.token || e.status === 401) return;
      $('#browse-count').textContent = 'Could not search: ' + e.message;
    }
  }

  seeLanguages(convs) {
    const before = this.languages.size;
    for (const c of convs) if (c.language) this.languages.add(c.language);
    if (this.languages.size === before) return;
    const sel = $('#f-language');
    const cur = sel.value;
    sel.replaceChildren(h('option', { value: '' }, 'Any'), ...[...this.languages].sort().map((l) => h('option', { value: l }, l)));
    sel.value = cur;
  }

  render() {
    const n = this.results.length;
    $('#browse-count').textContent = n ? `${n} conversation${n === 1 ? '' : 's'}, newest first` : 'No conversation matches.';
    $('#results').replaceChildren(...this.results.map((c) => h('li', null, this.item(c))));
  }

  item(c) {
    const open = this.app.view.id === c.id;
    return h('button', { type: 'button', class: 'item' + (open ? ' open' : ''), 'data-id': c.id, 'aria-current': open ? 'true' : null,
      onclick: () => this.app.open(c.id) },
    h('span', { class: 'line' }, h('span', { class: 'name' }, who(c)), h('span', { class: 'urg urg-' + c.urgency }, c.urgency)),
    h('span', { class: 'line sub' }, h('span', { class: 'mode mode-' + c.mode }, modeLabel(c.mode)),
      c.language ? h('span', { class: 'lang' }, c.language) : null,
      c.team ? h('span', { class: 'team' }, this.app.teamName(c.team)) : null,
      h('time', { datetime: c.updated_at, class: 'when' }, dateTime(c.updated_at))),
    c.snippet ? h('span', { class: 'snippet' }, c.snippet) : null);
  }

  // repaint marks the open conversation after the view changes.
  repaint() {
    if (this.loaded) this.render();
  }
}
