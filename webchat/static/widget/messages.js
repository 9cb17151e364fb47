// The message log: one <li> per message, ordered by seq, each seq and each
// own client_id shown once. Visitor text is plain text; bot and agent text
// goes through the sanitizing Markdown renderer; system messages with
// meta.event are localized notes.
import { h, clean } from './dom.js';
import { markdown } from './markdown.js';
import { npsForm } from './forms.js';
import { Files } from './files.js';

const EVENTS = ['human_requested', 'contact_saved', 'transcript_sent'];

// A bot answer over about 16 lines in the panel (whole steps can be 25)
// is folded to its first dozen with a "Show more" button, so one answer does
// not push the conversation out of view, and the visitor still sees the lead
// and the first steps. Decided from the text (lines of about 46 characters
// at the bubble's width), not by measuring: the panel may be closed (no
// layout) when the answer arrives.
const FOLD_LINES = 16;
// timeLocale is the browser's own tag when it is of the UI's language
// (en-GB writes 24-hour times, en-US 12-hour), else the UI locale; Intl
// then picks the clock, the digits (Persian in fa) and the separators.
const timeLocale = (ui) => [...(navigator.languages || []), navigator.language]
  .find((tag) => tag && tag.toLowerCase().split('-')[0] === ui.split('-')[0].toLowerCase() && (ui !== 'sr-Latn' || /latn/i.test(tag))) || ui;

const long = (text) => text.split('\n').reduce((n, l) => n + Math.max(1, Math.ceil(l.length / 46)), 0) > FOLD_LINES;

export class Log {
  constructor(t, cfg, allow, client, onChoose) {
    this.t = t;
    this.allow = allow;
    this.client = client;
    this.onChoose = onChoose; // a clarify suggestion was picked
    this.files = new Files(cfg, client.store, t);
    const tl = timeLocale(cfg.locale);
    this.time = new Intl.DateTimeFormat(tl, { hour: 'numeric', minute: '2-digit' });
    this.day = new Intl.DateTimeFormat(tl, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
    this.week = new Intl.DateTimeFormat(tl, { weekday: 'long', hour: 'numeric', minute: '2-digit' });
    this.full = new Intl.DateTimeFormat(tl, { dateStyle: 'full', timeStyle: 'short' });
    this.el = h('ol', { class: 'log', 'aria-label': t('log'), tabindex: '0' });
    this.seqs = new Map(); // seq → li
    this.cids = new Map(); // own client_id → li (pending or confirmed)
    this.drafts = new Map(); // draft id → li of a bot answer being written
    this.ended = new Set(); // draft ids whose message arrived: late drafts are ignored
  }

  // draft shows a bot answer as it is written; the message naming it in
  // meta.draft replaces it, and an empty text withdraws it.
  draft(f) {
    let li = this.drafts.get(f.id);
    if (!f.text || this.ended.has(f.id)) {
      if (li) li.remove();
      this.drafts.delete(f.id);
      return;
    }
    if (!li) {
      li = h('li', { class: 'msg bot draft', 'aria-busy': 'true' }, h('span', { class: 'who', dir: 'auto' }, this.t('bot')),
        h('div', { class: 'body', dir: 'auto' }));
      this.drafts.set(f.id, li);
    }
    li.querySelector('.body').replaceChildren(markdown(f.text, this.allow));
    this.el.append(li); // below everything stored, where the answer will land
  }

  clearDrafts() {
    for (const li of this.drafts.values()) li.remove();
    this.drafts.clear();
  }

  // greeting shows the site's greeting as the bot's first bubble when the
  // conversation is empty (it is not a stored message); it stays above what
  // follows until the log is reset.
  greeting(text) {
    let g = this.el.querySelector('.greeting');
    if (!text) { if (g) g.remove(); return; }
    if (!g) {
      if (this.el.children.length) return;
      g = h('li', { class: 'msg bot greeting' }, h('span', { class: 'who', dir: 'auto' }, this.t('bot')),
        h('div', { class: 'body', dir: 'auto' }));
      this.el.prepend(g);
    }
    g.querySelector('.body').textContent = text;
  }

  reset() {
    this.el.replaceChildren();
    this.drafts.clear();
    this.seqs.clear();
    this.cids.clear();
  }

  // add shows a message unless its seq (or own client_id) is already shown;
  // it returns the new <li>, or null for a duplicate.
  add(m) {
    const d = m.meta && typeof m.meta.draft === 'string' ? m.meta.draft : '';
    if (d) { this.ended.add(d); this.draft({ id: d, text: '' }); }
    if (this.seqs.has(m.seq)) return null;
    const own = m.client_id ? this.cids.get(m.client_id) : null;
    if (own && own.dataset.seq) return null;
    const li = this.render(m);
    if (own) own.remove();
    if (m.client_id) this.cids.set(m.client_id, li);
    this.seqs.set(m.seq, li);
    let before = null;
    for (const x of this.el.children) {
      if (x.classList.contains('greeting')) continue;
      if (!x.dataset.seq || Number(x.dataset.seq) > m.seq) { before = x; break; }
    }
    this.el.insertBefore(li, before);
    return li;
  }

  // pending shows a message typed but not yet acked ("sending…").
  pending(e) {
    if (e.type !== 'send' || this.cids.has(e.client_id)) return;
    const li = h('li', { class: 'msg visitor pending', 'data-cid': e.client_id },
      h('span', { class: 'sr' }, this.t('you')),
      h('div', { class: 'body', dir: 'auto' }, e.text || '📎'),
      h('div', { class: 'meta' }, this.t('sending')));
    this.cids.set(e.client_id, li);
    this.el.append(li);
  }

  failed(id) {
    const li = this.cids.get(id);
    if (!li || li.dataset.seq) return;
    li.classList.replace('pending', 'failed');
    li.querySelector('.meta').textContent = this.t('failed');
  }

  render(m) {
    const t = this.t, kind = (m.author && m.author.kind) || 'system', meta = m.meta || {};
    const seq = String(m.seq);
    if (kind === 'system') {
      const text = EVENTS.includes(meta.event) ? t(meta.event) : m.text;
      return h('li', { class: 'note', 'data-seq': seq, dir: 'auto' }, text);
    }
    const li = h('li', { class: 'msg ' + (kind === 'visitor' ? 'visitor' : kind === 'bot' ? 'bot' : 'agent'), 'data-seq': seq });
    if (m.client_id && kind === 'visitor') li.dataset.cid = m.client_id;
    const who = kind === 'visitor' ? t('you') : kind === 'bot' ? t('bot') : clean(m.author.name) || t('agent');
    li.append(h('span', { class: kind === 'visitor' ? 'sr' : 'who', dir: 'auto' }, who));
    const body = h('div', { class: 'body', dir: 'auto' });
    if (kind === 'bot' && meta.event === 'nps') {
      // The NPS question in the UI language, with its survey.
      const c = this.client;
      body.append(npsForm(this.t, c.store.get().nps[m.seq], (f) => {
        c.store.update((s) => { s.nps[m.seq] = f.score; });
        c.enqueue('nps', f);
      }));
    } else if (kind === 'visitor') {
      body.textContent = m.text;
    } else if (m.text || !meta.attachments) {
      const sugg = Array.isArray(meta.suggestions) ? meta.suggestions.filter((s) => s && s.title) : [];
      // The clarify text lists the suggestions; they are shown as buttons instead.
      const text = sugg.length ? String(m.text).split(/\n\s*[-*] /)[0] : m.text;
      body.append(markdown(text, this.allow));
      li.append(body);
      if (kind === 'bot' && long(text)) {
        li.classList.add('long'); // the panel's whole width: fewer lines
        li.append(this.fold(body, m.seq));
      }
      if (sugg.length) {
        li.append(h('div', { class: 'sugg' }, sugg.map((s) =>
          h('button', { type: 'button', class: 'chip', dir: 'auto', onclick: () => this.onChoose(clean(s.title)) }, clean(s.title)))));
      }
      this.articles(li, meta.articles);
      if (kind === 'bot' && meta.action === 'answer') li.append(this.feedback(m.seq));
    }
    const files = this.files.list(meta.attachments);
    if (!body.parentNode && (m.text || !files)) li.append(body);
    if (files) li.append(files);
    li.append(h('div', { class: 'meta' }, this.when(m.created_at)));
    if (kind === 'visitor') this.mark(li, m.seq <= (this.client.store.get().agent_read || 0));
    return li;
  }

  // mark shows on the visitor's own message that it was delivered (✓) or
  // that a person has read it (✓✓).
  mark(li, read) {
    const meta = li.querySelector('.meta');
    let m = meta.querySelector('.mark');
    if (!m) meta.append(' ', m = h('span', { class: 'mark' }));
    if (m.classList.contains('read') && read) return;
    m.className = 'mark' + (read ? ' read' : '');
    m.title = this.t(read ? 'read' : 'delivered');
    m.replaceChildren(read ? '✓✓' : '✓', h('span', { class: 'sr' }, this.t(read ? 'read' : 'delivered')));
  }

  // readUpTo marks the visitor's messages up to seq as read by a person.
  readUpTo(seq) {
    for (const [s, li] of this.seqs) if (s <= seq && li.classList.contains('visitor')) this.mark(li, true);
  }

  // when is a message's time, with its date when it is not from today.
  when(at) {
    const d = new Date(at);
    if (Number.isNaN(d.getTime())) return '';
    const today = new Date().toDateString() === d.toDateString();
    return h('time', { datetime: d.toISOString(), title: this.full.format(d) }, (today ? this.time : this.day).format(d));
  }

  // opening writes when the team is back (status.opens_at): the time
  // today, the weekday within a week, else the date.
  opening(at) {
    const d = new Date(at), days = (d - Date.now()) / 864e5;
    if (Number.isNaN(d.getTime())) return '';
    return (new Date().toDateString() === d.toDateString() ? this.time : days < 6 ? this.week : this.day).format(d);
  }

  // fold clips body to its first lines and returns the button that shows
  // the rest (aria-expanded says which); focus moving into the hidden part
  // (a link, by keyboard) unfolds it too.
  fold(body, seq) {
    body.id = 'pw-body-' + seq;
    body.classList.add('folded');
    const btn = h('button', { type: 'button', class: 'more', 'aria-expanded': 'false', 'aria-controls': body.id }, this.t('more'));
    const set = (open) => {
      body.classList.toggle('folded', !open);
      btn.setAttribute('aria-expanded', String(open));
      btn.textContent = this.t(open ? 'less' : 'more');
    };
    btn.addEventListener('click', () => {
      const open = btn.getAttribute('aria-expanded') !== 'true';
      set(open);
      if (!open) body.scrollIntoView({ block: 'nearest' });
    });
    body.addEventListener('focusin', () => set(true));
    return btn;
  }

  // articles lists the answer's articles, except those its text links already.
  articles(li, list) {
    const shown = new Set([...li.querySelectorAll('a')].map((a) => a.href));
    const links = (Array.isArray(list) ? list : []).map((a) => {
      const href = a && this.allow(a.url);
      return href && !shown.has(href)
        ? h('li', {}, h('a', { href, target: '_blank', rel: 'noopener noreferrer', dir: 'auto' }, clean(a.title) || href)) : null;
    }).filter(Boolean);
    if (links.length) li.append(h('ul', { class: 'arts', 'aria-label': this.t('articles') }, links));
  }

  feedback(seq) {
    const t = this.t, given = this.client.store.get().feedback[seq];
    const note = h('span', { class: 'thanks', role: 'status' }, given === undefined ? '' : t('thanks'));
    const btn = (helpful, glyph, label) => h('button', {
      type: 'button', 'aria-label': label, 'aria-pressed': String(given === helpful),
      onclick: (ev) => {
        this.client.store.update((s) => { s.feedback[seq] = helpful; });
        this.client.send({ type: 'feedback', seq, helpful });
        for (const b of ev.currentTarget.parentNode.querySelectorAll('button')) b.setAttribute('aria-pressed', String(b === ev.currentTarget));
        note.textContent = t('thanks');
      },
    }, glyph);
    return h('div', { class: 'fb' }, h('span', {}, t('helpful')), btn(true, '👍', t('yes')), btn(false, '👎', t('no')), note);
  }
}
