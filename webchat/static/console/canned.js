// Canned replies from KB articles: "/" at the start of the reply box opens a
// search over the published article titles of the open conversation's site
// (GET /api/v1/articles?status=published&site_id=ID), loaded once per site.
// When the server does not let agents read articles (404 or 403) the picker
// never opens and "/" is just a character.
import { api } from './api.js';
import { h } from './dom.js';

const MAX = 8;

// plain turns an article's Markdown into reply text: its first paragraphs
// (up to ~600 characters), links as "text (url)", no markup characters.
export function plain(md) {
  const paras = String(md || '').replace(/\r/g, '').split(/\n\s*\n/)
    .map((p) => p.replace(/^#{1,6}\s+.*$/gm, '').replace(/!\[[^\]]*\]\([^)]*\)/g, '')
      .replace(/\[([^\]]+)\]\(([^)\s]+)[^)]*\)/g, '$1 ($2)').replace(/[*_`]{1,3}([^*_`]+)[*_`]{1,3}/g, '$1')
      .replace(/^\s*[-*+]\s+/gm, '• ').trim())
    .filter(Boolean);
  let out = '';
  for (const p of paras) {
    if (out && out.length + p.length > 600) break;
    out += (out ? '\n\n' : '') + p;
  }
  return out;
}

export class Canned {
  constructor(box, list, onPick) {
    this.box = box;
    this.list = list;
    this.onPick = onPick;
    this.state = 'unknown'; // unknown | loading | ready | off
    this.articles = [];
    this.shown = [];
    this.active = 0;
    this.lang = '';
    this.site = ''; // the open conversation's site id ('' before one is open)
    this.bySite = new Map(); // site id -> its published articles
    this.retryAt = 0;
  }

  // forSite follows the open conversation's site: its articles if loaded,
  // else they are fetched on the next "/".
  forSite(siteId) {
    siteId = siteId || '';
    if (siteId === this.site) return;
    this.site = siteId;
    if (this.state === 'off') return;
    const have = this.bySite.get(siteId);
    this.articles = have || [];
    this.state = have ? 'ready' : 'unknown';
    this.retryAt = 0;
  }

  get open() { return !this.list.hidden; }

  async load() {
    if (this.state === 'loading' || this.state === 'ready' || this.state === 'off' || Date.now() < this.retryAt) return;
    this.state = 'loading';
    const site = this.site;
    try {
      const arts = (await api.articles(site)).filter((a) => a && a.title && (!a.status || a.status === 'published'));
      this.bySite.set(site, arts);
      if (site !== this.site) { // another conversation was opened meanwhile
        this.state = 'unknown';
        return this.update();
      }
      this.articles = arts;
      this.state = 'ready';
    } catch (e) {
      if (site !== this.site) {
        this.state = 'unknown';
        return this.update();
      }
      // 403/404: agents may not read articles here. A 400 before any
      // conversation is open means "name the site": wait for one.
      this.state = e.status === 404 || e.status === 403 ? 'off' : 'unknown';
      this.retryAt = e.status === 400 && !site ? 0 : Date.now() + 30000; // other trouble: try again on a "/" after a while
    }
    document.documentElement.dataset.canned = this.state;
    this.update();
  }

  // update opens, filters or closes the picker after the box changed.
  update() {
    const v = this.box.value;
    if (this.state === 'off' || !v.startsWith('/') || v.includes('\n')) return this.close();
    if (this.state !== 'ready') return this.load();
    const q = v.slice(1).trim().toLowerCase();
    const words = q.split(/\s+/).filter(Boolean);
    this.shown = this.articles
      .map((a) => ({ a, t: String(a.title).toLowerCase() }))
      .filter(({ t }) => words.every((w) => t.includes(w)))
      .sort((x, y) => (x.a.language === this.lang ? 0 : 1) - (y.a.language === this.lang ? 0 : 1)
        || (q ? x.t.indexOf(words[0]) - y.t.indexOf(words[0]) : 0) || x.t.localeCompare(y.t))
      .slice(0, MAX).map(({ a }) => a);
    this.active = 0;
    this.render();
  }

  render() {
    const opts = this.shown.map((a, i) => h('li', { role: 'option', id: 'canned-' + i, class: i === this.active ? 'on' : null,
      'aria-selected': i === this.active ? 'true' : 'false',
      onmousedown: (e) => { e.preventDefault(); this.pick(a); } },
    h('span', { class: 'title' }, String(a.title)), a.language ? h('span', { class: 'lang' }, String(a.language)) : null));
    this.list.replaceChildren(...(opts.length ? opts : [h('li', { class: 'none', role: 'option', 'aria-disabled': 'true' }, 'No article matches')]));
    this.list.hidden = false;
    this.box.setAttribute('aria-expanded', 'true');
    if (this.shown.length) this.box.setAttribute('aria-activedescendant', 'canned-' + this.active);
    else this.box.removeAttribute('aria-activedescendant');
  }

  close() {
    this.list.hidden = true;
    this.box.setAttribute('aria-expanded', 'false');
    this.box.removeAttribute('aria-activedescendant');
  }

  // key handles the picker's keys; true when it used the event.
  key(e) {
    if (!this.open) return false;
    const n = this.shown.length;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (n) this.active = (this.active + (e.key === 'ArrowDown' ? 1 : n - 1)) % n;
      this.render();
    } else if ((e.key === 'Enter' || e.key === 'Tab') && !e.shiftKey) {
      if (!n) return false;
      this.pick(this.shown[this.active]);
    } else if (e.key === 'Escape') this.close();
    else return false;
    e.preventDefault();
    return true;
  }

  pick(a) {
    const text = plain(a.body) || String(a.title);
    this.box.value = a.url ? `${text}\n\n${a.title}: ${a.url}` : text;
    this.close();
    this.onPick();
  }
}
