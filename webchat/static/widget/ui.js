// The chat panel: header, status banner, log, typing line, offline form or
// CSAT prompt, "talk to a person", composer. Keyboard: focus moves into the
// composer on open and back to the launcher on close; Esc closes; Enter
// sends (Shift+Enter for a new line).
import { h, clean } from './dom.js';
import { Log } from './messages.js';
import { offlineForm, csatForm, transcriptForm } from './forms.js';
import { Follow } from './follow.js';

export class Panel {
  constructor(ctx, t, client, allow) {
    this.ctx = ctx;
    this.t = t;
    this.client = client;
    this.isOpen = false;
    this.st = {};
    this.online = false;
    this.log = new Log(t, ctx.cfg, allow, client, (text) => this.sendText(text));
    this.follow = new Follow(this.log.el, t('newer'));
    this.build();
    this.wire();
    const s = client.store.get();
    for (const m of s.messages) this.log.add(m);
    for (const e of s.outbox) this.log.pending(e);
    this.st = { mode: s.mode };
    ctx.theme(s.site);
    this.refresh();
    this.read(); // the badge counts what arrived while away, across reloads
  }

  build() {
    const t = this.t, title = 'pw-title';
    this.closeBtn = h('button', { type: 'button', class: 'x', 'aria-label': t('close') }, '×');
    this.menuBtn = h('button', { type: 'button', class: 'x menu-btn', 'aria-label': t('menu'), 'aria-haspopup': 'true', 'aria-expanded': 'false' }, '⋯');
    this.mailBtn = h('button', { type: 'button', role: 'menuitem', class: 'mail' }, t('emailTranscript'));
    this.menu = h('div', { class: 'menu', role: 'menu', hidden: true }, this.mailBtn);
    this.tools = h('div', { class: 'tools' });
    this.picker = h('input', { type: 'file', multiple: true, hidden: true, tabindex: '-1' });
    this.attach = h('button', { type: 'button', class: 'attach', 'aria-label': t('attach'), title: t('attach') }, '📎');
    this.emo = h('button', { type: 'button', class: 'attach', 'aria-label': t('emoji'), title: t('emoji'), 'aria-haspopup': 'dialog' }, '😊');
    this.upload = h('div', { class: 'upload', role: 'status', 'aria-live': 'polite' });
    this.banner = h('div', { class: 'banner', role: 'status' });
    this.typingEl = h('div', { class: 'typing', 'aria-live': 'polite', dir: 'auto' });
    this.extra = h('div', { class: 'extra' });
    this.human = h('button', { type: 'button', class: 'human' }, t('human'));
    this.input = h('textarea', { id: 'pw-input', rows: '1', maxlength: '4000', placeholder: t('placeholder'), autocomplete: 'off' });
    this.form = h('form', { class: 'composer' },
      this.attach, this.emo, this.picker, h('label', { for: 'pw-input', class: 'sr' }, t('message')), this.input,
      h('button', { type: 'submit', class: 'primary send' }, t('send')));
    this.announcer = h('div', { class: 'sr', 'aria-live': 'polite', 'aria-atomic': 'true' });
    this.el = h('section', { class: 'panel', role: 'dialog', 'aria-labelledby': title, hidden: true },
      h('header', { class: 'head' },
        h('div', {}, h('h2', { id: title }, t('title')), h('p', {}, t('subtitle'))), this.menuBtn, this.closeBtn, this.menu),
      this.banner, this.follow.el, this.typingEl, this.extra, this.tools,
      h('div', { class: 'actions' }, this.human), this.upload, this.form, this.announcer);
    this.ctx.root.append(this.el);
  }

  wire() {
    const c = this.client;
    this.closeBtn.addEventListener('click', () => this.close());
    this.el.addEventListener('keydown', (e) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      if (this.menu.hidden) this.close(); else { this.showMenu(false); this.menuBtn.focus(); }
    });
    this.form.addEventListener('submit', (e) => { e.preventDefault(); this.submit(); });
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); this.submit(); }
    });
    this.input.addEventListener('input', () => {
      c.typing(this.input.value !== '');
      clearTimeout(this.typingTimer);
      this.typingTimer = setTimeout(() => c.typing(false), 3000);
    });
    this.human.addEventListener('click', () => {
      this.human.disabled = true;
      c.enqueue('human', {});
    });
    document.addEventListener('visibilitychange', () => this.read());
    this.menuBtn.addEventListener('click', () => this.showMenu(this.menu.hidden));
    this.el.addEventListener('click', (e) => { if (!this.menu.hidden && !this.menu.contains(e.target) && !this.menuBtn.contains(e.target)) this.showMenu(false); });
    this.mailBtn.addEventListener('click', () => { this.showMenu(false); this.transcript(); });
    this.attach.addEventListener('click', () => { this.log.files.limit(); this.picker.click(); });
    // The picker is its own module (/widget/emoji.js), fetched on first use (again after a failed fetch).
    this.emo.addEventListener('click', () => (this.emoji ||= import('./emoji.js').then((m) => new m.Picker(this.emo, this.input, this.ctx.cfg.locale))).then((p) => p.toggle(), () => { this.emoji = null; }));
    this.picker.addEventListener('change', () => { this.sendFiles(this.picker.files); this.picker.value = ''; });
    this.input.addEventListener('paste', (e) => { if (e.clipboardData.files.length) { e.preventDefault(); this.sendFiles(e.clipboardData.files); } });
    this.el.addEventListener('dragover', (e) => { if (e.dataTransfer.types.includes('Files')) e.preventDefault(); });
    this.el.addEventListener('drop', (e) => { if (e.dataTransfer.files.length) { e.preventDefault(); this.sendFiles(e.dataTransfer.files); } });
    c.on('read', (seq) => this.log.readUpTo(seq));
    c.on('pending', (e) => { this.log.pending(e); this.follow.bottom(); });
    c.on('failed', (f) => this.log.failed(f.client_id));
    c.on('reset', () => {
      this.log.reset();
      for (const e of c.store.get().outbox) this.log.pending(e); // still to be sent, to the new conversation
      this.st = {};
      this.refresh();
    });
    c.on('conn', (s) => { if (s === 'online') this.online = true; this.refresh(); });
    c.on('status', (st) => { this.st = st; this.human.disabled = false; this.refresh(); this.follow.added(false); });
    c.on('typing', (f) => this.typing(f));
    c.on('draft', (f) => { this.log.draft(f); this.typingEl.textContent = ''; this.follow.added(true); });
    c.on('drafts-lost', () => this.log.clearDrafts());
    c.on('site', (site) => { this.ctx.theme(site); this.refresh(); });
    c.on('message', (m) => {
      const li = this.log.add(m);
      if (!li) return;
      const kind = m.author && m.author.kind;
      if (kind !== 'visitor') {
        const who = li.querySelector('.who'), body = li.querySelector('.body');
        this.announcer.textContent = (who ? who.textContent + ': ' : '') + (body || li).textContent;
        if (kind === 'agent' || kind === 'bot') this.typingEl.textContent = '';
        // An agent writing has joined: whatever the last status said,
        // somebody is answering now.
        if (kind === 'agent' && this.st.mode !== 'assigned') this.st = { mode: 'assigned', agent: { name: m.author.name } };
      }
      if (kind === 'visitor') this.follow.bottom(); else this.follow.added(true);
      this.read();
      this.refresh();
    });
  }

  submit() {
    if (this.sendText(this.input.value)) {
      this.input.value = '';
      this.client.typing(false);
    }
  }

  sendText(text) {
    text = String(text).trim().slice(0, 4000);
    if (!text) return '';
    return this.client.enqueue('send', { text });
  }

  // sendFiles uploads each file and sends it as a message of its own.
  async sendFiles(list) {
    const t = this.t, up = this.upload;
    for (const file of [...list]) {
      up.className = 'upload';
      up.textContent = t('uploading', { name: file.name, n: 0 });
      try {
        if (!this.client.store.get().token) throw new Error(t('reconnecting'));
        const a = await this.log.files.upload(file, (p) => { up.textContent = t('uploading', { name: file.name, n: Math.round(p * 100) }); });
        up.textContent = '';
        this.client.enqueue('send', { attachments: [a.id] });
      } catch (e) {
        up.className = 'upload err';
        up.textContent = file.name + ': ' + e.message;
      }
    }
  }

  showMenu(open) {
    this.menu.hidden = !open;
    this.menuBtn.setAttribute('aria-expanded', String(open));
    if (open) this.mailBtn.focus();
  }

  // transcript asks for the address (the one known, prefilled) and sends
  // the transcript frame; the ack confirms it was sent.
  transcript() {
    const c = this.client;
    this.tools.replaceChildren(transcriptForm(this.t, c.store.get().email, (email) => {
      c.store.update((s) => { s.email = email; });
      return c.enqueue('transcript', { email });
    }, c, () => { this.tools.replaceChildren(); this.input.focus(); }));
  }

  typing(f) {
    if (!f.author || f.author.kind === 'visitor') return;
    clearTimeout(this.typingOff);
    const name = clean(f.author.name);
    this.typingEl.textContent = f.on ? (name ? this.t('typing', { name }) : this.t('typingAnon')) : '';
    if (f.on) this.typingOff = setTimeout(() => { this.typingEl.textContent = ''; }, 10000);
  }

  // refresh redraws what depends on the status and the connection: one
  // state at a time. Queued with somebody able to answer: position and
  // ETA. Nobody able to answer: when the team is back (status.opens_at),
  // the site's away text and the email form, never a queue position.
  // Assigned or resolved: that.
  refresh() {
    const t = this.t, st = this.st || {}, s = this.client.store.get(), lines = [];
    const site = s.site || {};
    const down = this.client.state === 'offline' || (this.online && this.client.state === 'connecting');
    if (down) lines.push(navigator.onLine === false ? t('offlineNet') : t('reconnecting'));
    const nobody = !!st.offline && st.mode !== 'assigned' && st.mode !== 'resolved';
    const opens = nobody && st.opens_at ? this.log.opening(st.opens_at) : '';
    if (st.mode === 'assigned') {
      lines.push(t('assigned', { name: clean(st.agent && st.agent.name) || t('agent') }));
    } else if (st.mode === 'resolved') {
      lines.push(t('resolved'));
    } else if (nobody) {
      if (s.contact_left) lines.push(site.away || t('offlineTitle')); // the form is gone: say it once here
      if (s.contact_left && opens) lines.push(t('opens', { when: opens }));
    } else if (st.mode === 'queued') {
      lines.push(st.queue_position ? t('queued', { n: st.queue_position }) +
        (st.eta_seconds ? ' · ' + t('eta', { m: Math.max(1, Math.ceil(st.eta_seconds / 60)) }) : '') : t('waiting'));
    }
    this.log.greeting(site.greeting);
    this.banner.replaceChildren(...lines.map((l) => h('div', { dir: 'auto' }, l)));
    this.human.hidden = st.mode === 'queued' || st.mode === 'assigned';
    const want = st.mode === 'resolved' && s.was_assigned && !s.csat_done ? 'csat'
      : nobody && !s.contact_left ? 'offline:' + opens : '';
    if (want !== this.showing) {
      this.showing = want;
      const c = this.client, had = this.extra.contains(this.ctx.shadow.activeElement);
      this.extra.replaceChildren(
        want === 'csat' ? csatForm(t, (f) => { c.store.update((x) => { x.csat_done = true; }); c.enqueue('csat', f); })
          : want.startsWith('offline') ? offlineForm(t, site.away, opens, (f) => { c.store.update((x) => { x.contact_left = true; x.email = f.email; }); c.enqueue('contact', f); })
            : '');
      if (had) this.input.focus(); // keep keyboard users in the panel
    }
  }

  // read tells the server what the visitor has seen and clears the badge.
  read() {
    const s = this.client.store.get();
    const last = s.messages.length ? s.messages[s.messages.length - 1].seq : 0;
    if (this.isOpen && !document.hidden && last > s.read_seq) {
      this.client.store.update((x) => { x.read_seq = Math.max(x.read_seq, last); });
      this.client.send({ type: 'read', seq: last });
    }
    const read = this.client.store.get().read_seq;
    this.ctx.setBadge(this.isOpen ? 0 : s.messages.filter((m) => m.seq > read && m.author &&
      (m.author.kind === 'agent' || m.author.kind === 'bot')).length);
  }

  open() {
    this.client.connect();
    if (!this.isOpen) {
      this.isOpen = true;
      this.el.hidden = false;
      this.ctx.root.classList.add('open');
      this.ctx.launcher.setAttribute('aria-expanded', 'true');
      this.ctx.launcher.setAttribute('aria-label', this.ctx.label[1]);
    }
    this.follow.bottom();
    this.input.focus();
    this.read();
  }

  close() {
    if (!this.isOpen) return;
    this.showMenu(false);
    this.isOpen = false;
    this.el.hidden = true;
    this.ctx.root.classList.remove('open');
    this.ctx.launcher.setAttribute('aria-expanded', 'false');
    this.ctx.launcher.setAttribute('aria-label', this.ctx.label[0]);
    // Back to the launcher, unless the page moved the focus elsewhere.
    const a = document.activeElement;
    if (!a || a === document.body || a.tagName === 'PARLEY-WIDGET') this.ctx.launcher.focus();
  }

  toggle() { if (this.isOpen) this.close(); else this.open(); }

  clear() {
    this.close();
    this.log.reset();
    this.st = {};
    this.online = false;
    this.showing = undefined;
    this.refresh();
  }
}
