// Attachments: upload (site and token in the form, no preflight), signed
// links for showing them (an hour each, fetched by id and kept), and their
// rendering: images as thumbnails that open the full file, others as links
// with name and size.
import { h } from './dom.js';

export const size = (n) => n < 1024 ? n + ' B' : n < 1048576 ? Math.round(n / 1024) + ' KB' : (n / 1048576).toFixed(1) + ' MB';

export class Files {
  constructor(cfg, store, t) {
    this.cfg = cfg;
    this.store = store;
    this.t = t;
    this.links = new Map(); // id → {url, exp}
    this.want = new Map(); // id → [img or a] waiting for a link
    this.timer = 0;
  }

  url(path) { return new URL('api/v1/' + path, this.cfg.script).href; }

  // limit is the server's upload limit in bytes (0 when unknown), asked once.
  limit() {
    return this.max || (this.max = fetch(this.url('visitor/attachments/limits')).then((r) => r.json())
      .then((d) => Number(d.max_bytes) || 0, () => { this.max = null; return 0; }));
  }

  // upload sends file, reporting progress (0–1); it resolves to the
  // attachment or rejects with a message for the visitor.
  async upload(file, progress) {
    const t = this.t, f = new FormData(), max = await this.limit();
    if (max && file.size > max) throw new Error(t('fileTooBig', { max: size(max) }));
    f.append('site', this.cfg.site);
    f.append('token', this.store.get().token);
    f.append('file', file, file.name);
    return new Promise((resolve, reject) => {
      const x = new XMLHttpRequest();
      x.open('POST', this.url('visitor/attachments'));
      x.upload.onprogress = (e) => e.lengthComputable && progress(e.loaded / e.total);
      x.onerror = () => reject(new Error(t('fileFailed')));
      x.onload = () => {
        let body = {};
        try { body = JSON.parse(x.responseText); } catch (e) { /* not JSON */ }
        const a = body.attachment, err = body.error || {};
        if (x.status === 201 && a) {
          this.links.set(a.id, { url: a.url, exp: Date.parse(a.expires_at) });
          return resolve(a);
        }
        const max = /(\d+) bytes/.exec(err.message || '');
        reject(new Error(x.status === 413 ? t('fileTooBig', { max: max ? size(Number(max[1])) : '' })
          : err.code === 'invalid' && /accepted/.test(err.message) ? t('fileType') : t('fileFailed')));
      };
      x.send(f);
    });
  }

  // list renders a message's meta.attachments; links are filled in when known.
  list(refs) {
    const t = this.t, out = (Array.isArray(refs) ? refs : []).filter((r) => r && typeof r.id === 'string').map((r) => {
      const name = String(r.name || 'file');
      const a = r.image
        ? h('a', { class: 'file thumb', target: '_blank', rel: 'noopener', title: name }, h('img', { alt: name }))
        : h('a', { class: 'file', target: '_blank', rel: 'noopener', download: name, dir: 'auto' }, '📄 ', name, h('span', {}, ' · ' + size(Number(r.size) || 0)));
      a.setAttribute('aria-label', r.image ? t('image', { name }) : name);
      this.show(r.id, a);
      return a;
    });
    return out.length ? h('div', { class: 'files' }, out) : null;
  }

  show(id, a) {
    const l = this.links.get(id);
    if (l && l.exp - Date.now() > 60000) {
      const u = new URL(l.url, this.cfg.script).href;
      a.href = u;
      const img = a.querySelector('img');
      if (img) img.src = u;
      // A fresh link before this one expires, while the message is shown.
      setTimeout(() => a.isConnected && this.show(id, a), l.exp - Date.now() - 59000);
      return;
    }
    this.want.set(id, [...(this.want.get(id) || []), a]);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.fetch(), 30);
  }

  // fetch asks for the links of every attachment waiting for one, at once.
  async fetch() {
    const waiting = new Map(this.want), s = this.store.get();
    this.want.clear();
    if (!s.token || !waiting.size) return;
    const form = new URLSearchParams({ site: this.cfg.site, token: s.token });
    for (const id of waiting.keys()) form.append('id', id);
    let links = {};
    try {
      const r = await fetch(this.url('visitor/attachments/links'), { method: 'POST', body: form });
      links = (await r.json()).links || {};
    } catch (e) { return; }
    for (const [id, els] of waiting) {
      const l = links[id];
      if (!l) continue;
      this.links.set(id, { url: l.url, exp: Date.parse(l.expires_at) });
      for (const a of els) this.show(id, a);
    }
  }
}
