/* Parley widget loader. Embed:
 *   <script src="https://HOST/widget.js" data-site="KEY" async></script>
 * This file is all a page loads until the visitor opens the chat (or has a
 * conversation to resume): the JS API, the launcher button in a closed
 * shadow root, and the locale. The rest (/widget/app.js) loads on demand.
 * Plain ES2020, no build step. See docs/widget.md. */
(() => {
  'use strict';
  const w = window, d = document, prev = w.Parley;
  if (prev && prev.__parley) return; // loaded twice
  const me = d.currentScript ||
    [...d.querySelectorAll('script[data-site]')].find((s) => /\/widget\.js(\?|#|$)/.test(s.src));
  if (!me || !me.dataset.site) return;

  const LOCALES = ['en', 'ru', 'pl', 'sr', 'sr-Latn', 'hy', 'fa', 'kk'];
  const RTL = ['fa'];
  const LABELS = { // launcher: [open, close]
    en: ['Open chat', 'Close chat'], ru: ['Открыть чат', 'Закрыть чат'],
    pl: ['Otwórz czat', 'Zamknij czat'], sr: ['Отвори ћаскање', 'Затвори ћаскање'],
    'sr-Latn': ['Otvori ćaskanje', 'Zatvori ćaskanje'], hy: ['Բացել զրույցը', 'Փակել զրույցը'],
    fa: ['باز کردن گفتگو', 'بستن گفتگو'], kk: ['Чатты ашу', 'Чатты жабу'],
  };
  // locale maps a BCP 47 tag to a supported UI locale, or '' when none fits.
  const locale = (tag) => {
    const [lang, ...rest] = String(tag || '').trim().replace(/_/g, '-').toLowerCase().split('-');
    if (lang === 'sr') return rest.includes('latn') ? 'sr-Latn' : 'sr';
    return LOCALES.includes(lang) ? lang : '';
  };
  const src = new URL(me.src, location.href);
  const cfg = {
    site: me.dataset.site,
    script: src.href,
    origin: src.origin,
    locale: [me.dataset.locale, d.documentElement.lang, ...(navigator.languages || []), navigator.language]
      .map(locale).find(Boolean) || 'en',
    linkHosts: (me.dataset.linkHosts || '').split(/[\s,]+/).filter(Boolean),
    identity: null,
    key: 'parley:' + me.dataset.site,
  };
  cfg.dir = RTL.includes(cfg.locale) ? 'rtl' : 'ltr';
  const label = LABELS[cfg.locale];

  // The widget lives in a closed shadow root: the page's CSS cannot reach it
  // and the page's scripts cannot query into it.
  const host = d.createElement('parley-widget');
  host.style.cssText = 'all:initial!important;display:block!important';
  const shadow = host.attachShadow({ mode: 'closed' });
  const el = (tag, cls, parent) => {
    const e = d.createElement(tag);
    if (cls) e.className = cls;
    if (parent) parent.append(e);
    return e;
  };
  const css = `
:host{all:initial}
.pw{font:15px/1.45 "Parley Emoji",system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",sans-serif;color:#111827}
.launcher{position:fixed;z-index:2147483000;bottom:20px;right:20px;width:58px;height:58px;border:0;border-radius:50%;
 padding:0;background:var(--pw-accent,#1d4ed8);color:#fff;cursor:pointer;box-shadow:0 6px 18px rgba(15,23,42,.3);display:grid;place-items:center}
.pw[dir=rtl] .launcher,.pw.left .launcher{right:auto;left:20px}
.pw.left[dir=rtl] .launcher{left:auto;right:20px}
.launcher:hover{background:#1e40af}
.launcher:focus-visible{outline:3px solid #b45309;outline-offset:3px}
.ic{position:relative;width:26px;height:20px;border-radius:9px;background:#fff}
.ic::after{content:"";position:absolute;bottom:-6px;inset-inline-start:5px;border:7px solid transparent;border-top-color:#fff;border-bottom:0}
[aria-expanded=true] .ic{width:22px;height:3px;border-radius:2px;transform:rotate(45deg)}
[aria-expanded=true] .ic::after{inset:0;border:0;border-radius:2px;background:#fff;transform:rotate(90deg)}
.badge{position:absolute;top:-3px;inset-inline-end:-3px;min-width:20px;height:20px;padding:0 5px;box-sizing:border-box;
 border-radius:10px;background:#b91c1c;color:#fff;font:700 12px/20px system-ui,sans-serif;text-align:center}
.badge:empty{display:none}
@media (max-width:480px){.pw.open .launcher{display:none}}`;
  // A constructed stylesheet is not an inline <style>, so a page's CSP
  // style-src needs no 'unsafe-inline' for it.
  if ('adoptedStyleSheets' in shadow && 'replaceSync' in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    shadow.adoptedStyleSheets = [sheet];
  } else {
    el('style', '', shadow).textContent = css;
  }
  const root = el('div', 'pw', shadow);
  root.dir = cfg.dir;
  root.lang = cfg.locale;
  // The site's colour and side (welcome.site), remembered from the last
  // visit so the launcher has them before any connection.
  const theme = (s) => {
    if (!s || typeof s !== 'object') return;
    if (/^#[0-9a-f]{6}$/i.test(s.color || '')) root.style.setProperty('--pw-accent', s.color);
    root.classList.toggle('left', s.position === 'left');
  };
  const launcher = el('button', 'launcher', root);
  launcher.type = 'button';
  launcher.setAttribute('aria-label', label[0]);
  launcher.setAttribute('aria-expanded', 'false');
  launcher.setAttribute('aria-haspopup', 'dialog');
  el('span', 'ic', launcher).setAttribute('aria-hidden', 'true');
  const badge = el('span', 'badge', launcher);
  badge.setAttribute('aria-hidden', 'true');
  const mount = () => d.body.append(host);
  if (d.body) mount(); else d.addEventListener('DOMContentLoaded', mount);

  // Events for the page: ready, message, status, error. `ready` is sticky:
  // a handler added after it fired is called with the latest welcome.
  const handlers = {};
  let ready = null;
  const emit = (ev, data) => {
    if (ev === 'ready') ready = data;
    for (const fn of handlers[ev] || []) {
      try { fn(data); } catch (e) { setTimeout(() => { throw e; }); }
    }
  };

  let app = null; // promise of the loaded widget
  const load = () => app || (app = import(new URL('widget/app.js', cfg.script).href)
    .then((m) => m.start({ cfg, shadow, root, launcher, emit, label, theme, setBadge: (n) => { badge.textContent = n > 0 ? String(n) : ''; } }))
    .catch((e) => { app = null; throw e; }));
  const later = (fn) => app && app.then(fn);
  const api = {
    open: () => load().then((a) => a.open()),
    close: () => later((a) => a.close()),
    toggle: () => load().then((a) => a.toggle()),
    send: (text) => load().then((a) => a.send(String(text))),
    identify: (id) => {
      const o = id && typeof id === 'object' ? id : {}, out = {};
      for (const k of ['user_id', 'user_hash', 'jwt', 'email', 'name']) if (o[k]) out[k] = String(o[k]);
      if (o.attributes && typeof o.attributes === 'object') out.attributes = o.attributes;
      cfg.identity = Object.keys(out).length ? out : null;
      return later((a) => a.identify());
    },
    shutdown: () => {
      cfg.identity = null;
      ready = null;
      try { localStorage.removeItem(cfg.key); } catch (e) { /* storage blocked */ }
      return later((a) => a.shutdown());
    },
    on: (ev, fn) => {
      if (typeof fn !== 'function') return () => {};
      (handlers[ev] = handlers[ev] || []).push(fn);
      if (ev === 'ready' && ready) { const r = ready; queueMicrotask(() => fn(r)); }
      return () => { handlers[ev] = handlers[ev].filter((f) => f !== fn); };
    },
  };
  launcher.addEventListener('click', () => { api.toggle().catch(() => {}); });

  function Parley(method, ...args) {
    const f = Object.prototype.hasOwnProperty.call(api, method) ? api[method] : null;
    return f ? f(...args) : undefined;
  }
  Object.assign(Parley, api);
  Object.defineProperty(Parley, '__parley', { value: true });
  w.Parley = Parley;
  for (const args of (prev && Array.isArray(prev.q) ? prev.q : [])) Parley(...args);
  // #parley-open in the page's address opens the chat (links in emails, help pages).
  const hashOpen = () => { if (location.hash === '#parley-open') api.open().catch(() => {}); };
  hashOpen();
  w.addEventListener('hashchange', hashOpen);

  // A returning visitor with a conversation (or unsent messages) connects
  // when the page is idle, so replies arrive and the badge counts them.
  let saved = null;
  try { saved = JSON.parse(localStorage.getItem(cfg.key) || 'null'); } catch (e) { /* none */ }
  if (saved) theme(saved.site);
  // Unread answers (after the last one seen, read_seq) count on the
  // launcher from the first paint, across reloads.
  const unread = saved && Array.isArray(saved.messages) ? saved.messages.filter((m) => m && m.seq > (saved.read_seq || 0) &&
    m.author && (m.author.kind === 'agent' || m.author.kind === 'bot')).length : 0;
  if (unread) badge.textContent = String(unread);
  if (saved && (saved.token || (saved.outbox && saved.outbox.length))) {
    (w.requestIdleCallback || ((f) => setTimeout(f, 300)))(() => load().catch(() => {}));
  }
})();
