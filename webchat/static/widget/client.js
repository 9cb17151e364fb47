// The visitor protocol (docs/protocol.md): one websocket,
// resume with hello{token, last_seq}, an outbox of unacked frames resent with
// the same client_id after every welcome, jittered exponential backoff.
import { Store } from './store.js';

const MAX_BACKOFF = 15000;
const ACK_TIMEOUT = 12000; // no ack this long on an open socket: assume it is dead

export const uuid = () => (crypto.randomUUID ? crypto.randomUUID()
  : '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (c) =>
    (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16)));

export class Client {
  constructor(cfg, emit) {
    this.cfg = cfg;
    this.emit = emit; // public events for the page
    this.store = new Store(cfg.key);
    this.seen = this.store.get().last_seq; // highest seq this tab has
    this.ws = null;
    this.welcomed = false;
    this.idle = true; // not connecting until asked
    this.attempt = 0;
    this.timer = 0;
    this.watchdog = 0;
    this.inflight = new Set(); // client_ids sent on this socket, not yet acked
    this.later = []; // frames without client_id to send after welcome (feedback, read)
    this.typingOn = false;
    this.subs = {};
    this.state = 'idle';
    addEventListener('online', () => this.now());
    // Page views for proactive messages: hello carries the page; in-page
    // (history API) navigation sends a page frame.
    const nav = () => setTimeout(() => this.pageView(), 0);
    for (const m of ['pushState', 'replaceState']) {
      const orig = history[m];
      history[m] = function (...a) { const r = orig.apply(this, a); nav(); return r; };
    }
    addEventListener('popstate', nav);
    addEventListener('hashchange', nav);
    addEventListener('offline', () => this.ws && this.kill());
    document.addEventListener('visibilitychange', () => !document.hidden && this.now());
  }

  on(ev, fn) { (this.subs[ev] = this.subs[ev] || []).push(fn); }
  fire(ev, data) { for (const fn of this.subs[ev] || []) fn(data); }
  setState(s) { if (s !== this.state) { this.state = s; this.fire('conn', s); } }

  connect() {
    this.idle = false;
    clearTimeout(this.timer);
    if (this.ws) return;
    const url = new URL('ws/visitor', this.cfg.script);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.search = '?site=' + encodeURIComponent(this.cfg.site);
    let ws;
    try { ws = new WebSocket(url.href); } catch (e) { this.retry(0); return; }
    this.ws = ws;
    this.setState('connecting');
    ws.onopen = () => {
      const s = this.store.get();
      // drafts: show the bot's answers as they are written (an extension).
      const hello = { type: 'hello', token: s.token, last_seq: this.seen, locale: this.cfg.locale,
        page: { url: location.href, title: document.title }, drafts: true, reads: true };
      if (this.cfg.identity) hello.identity = this.cfg.identity;
      this.lastHello = this.seen;
      ws.send(JSON.stringify(hello));
    };
    ws.onmessage = (e) => {
      if (this.ws !== ws) return;
      let f;
      try { f = JSON.parse(e.data); } catch (err) { return; }
      if (f && typeof f === 'object') this.frame(f);
    };
    ws.onclose = (e) => {
      if (this.ws !== ws) return;
      this.drop();
      this.retry(e.code);
    };
  }

  drop() {
    this.ws = null;
    this.welcomed = false;
    this.typingOn = false;
    this.inflight.clear();
    clearTimeout(this.watchdog);
    this.watchdog = 0;
    this.setState(this.idle ? 'idle' : 'offline');
  }

  // kill gives up on a socket that may be dead without waiting for its
  // closing handshake, and schedules the next attempt.
  kill() {
    const ws = this.ws;
    this.drop();
    ws.close(4000, 'stale');
    this.retry(0);
  }

  // retry reconnects at once after a node's shutdown (1012), else after a
  // jittered exponential backoff capped at MAX_BACKOFF.
  retry(code) {
    if (this.idle) return;
    const base = Math.min(MAX_BACKOFF, 500 * 2 ** Math.min(this.attempt++, 10));
    const delay = code === 1012 ? Math.random() * 250 : base / 2 + Math.random() * base / 2;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.connect(), delay);
  }

  // now reconnects immediately when the network or the page comes back.
  now() {
    if (this.idle || this.ws) return;
    this.attempt = 0;
    this.connect();
  }

  // reconnect replaces the socket at once (identity changed, replay needed).
  reconnect() {
    const ws = this.ws;
    if (ws) { this.drop(); ws.close(1000); }
    this.connect();
  }

  close() {
    this.idle = true;
    clearTimeout(this.timer);
    const ws = this.ws;
    if (ws) { this.drop(); ws.close(1000); }
  }

  // forget clears everything this browser knows about the visitor.
  forget() {
    this.close();
    this.store.clear();
    this.seen = 0;
    this.later = [];
  }

  frame(f) {
    switch (f.type) {
      case 'welcome': return this.welcome(f);
      case 'message': return this.message(f);
      case 'ack': return this.ack(f);
      case 'status':
        this.status(f);
        return this.emit('status', f);
      case 'typing': return this.fire('typing', f);
      case 'draft':
        if (typeof f.id === 'string' && typeof f.text === 'string') this.fire('draft', f);
        return;
      case 'read':
        if (f.by === 'agent' && typeof f.seq === 'number') {
          this.store.update((s) => { s.agent_read = Math.max(s.agent_read, f.seq); });
          this.fire('read', this.store.get().agent_read);
        }
        return;
      case 'error': return this.error(f);
    }
  }

  welcome(f) {
    const before = this.store.get();
    const moved = before.conversation_id !== '' && before.conversation_id !== f.conversation_id;
    this.store.update((s) => {
      s.token = f.token;
      s.site = f.site && typeof f.site === 'object' ? f.site : null;
      if (s.conversation_id !== f.conversation_id) {
        Object.assign(s, { conversation_id: f.conversation_id, last_seq: 0, messages: [], read_seq: 0, agent_read: 0, feedback: {},
          mode: '', was_assigned: false, csat_done: false });
      }
    });
    if (moved || (before.conversation_id === '' && this.seen > 0)) {
      // Another conversation (a signed-in user's history): show it from the
      // start, which needs a hello with last_seq 0.
      this.seen = 0;
      this.fire('reset');
      if (this.lastHello !== 0) { this.reconnect(); return; }
    }
    this.welcomed = true;
    this.attempt = 0;
    this.fire('drafts-lost'); // drafts are not replayed: their messages are
    this.fire('site', this.store.get().site);
    this.page = location.href; // hello carried it
    this.setState('online');
    this.status(f.status || {});
    this.emit('ready', { conversation_id: f.conversation_id, contact: f.contact, status: f.status, locale: this.cfg.locale });
    if (f.status) this.emit('status', { type: 'status', ...f.status });
    for (const fr of this.later.splice(0)) this.raw(fr);
    this.flush();
  }

  message(m) {
    if (typeof m.seq !== 'number' || m.seq <= this.seen) {
      if (m.client_id) this.acked(m.client_id); // a duplicate still proves it is stored
      return;
    }
    this.seen = m.seq;
    this.store.keep(m);
    if (m.client_id) this.inflightDone(m.client_id);
    this.fire('message', m);
    this.emit('message', m);
  }

  ack(f) { this.acked(f.client_id, f.seq); }

  acked(id, seq) {
    const s = this.store.update((x) => { x.outbox = x.outbox.filter((e) => e.client_id !== id); });
    this.inflightDone(id);
    this.fire('ack', { client_id: id, seq });
    if (this.serial) {
      if (!s.outbox.length) this.serial = false; else this.flush();
    }
  }

  inflightDone(id) {
    this.inflight.delete(id);
    if (!this.inflight.size) { clearTimeout(this.watchdog); this.watchdog = 0; }
  }

  status(st) {
    if (!st.mode) return;
    this.store.update((s) => {
      if (st.mode === 'assigned') s.was_assigned = true;
      if (st.mode !== 'resolved' && s.mode === 'resolved') { s.csat_done = false; s.was_assigned = st.mode === 'assigned'; }
      s.mode = st.mode;
    });
    this.fire('status', st);
  }

  error(f) {
    const id = f.client_id;
    if (f.code === 'rate_limited' && id) {
      // Resend later with the same client_id, one at a time from the
      // oldest, so the messages keep the order they were typed in.
      this.inflight.delete(id);
      this.serial = true;
      clearTimeout(this.rlTimer);
      this.rlTimer = setTimeout(() => this.flush(), Math.max(50, Number(f.retry_after_ms) || 1000) + Math.random() * 100);
    } else if (id && (f.code === 'bad_frame' || f.code === 'too_large')) {
      this.store.update((s) => { s.outbox = s.outbox.filter((e) => e.client_id !== id); });
      this.inflightDone(id);
      this.fire('failed', f);
    }
    this.emit('error', { code: f.code, message: f.message, client_id: id });
  }

  // enqueue stores a frame in the outbox first, then sends it when it can.
  enqueue(type, fields) {
    const e = { client_id: uuid(), type, ...fields };
    this.store.update((s) => { s.outbox.push(e); });
    this.fire('pending', e);
    if (!this.welcomed) this.connect(); else if (!this.serial) this.transmit(e);
    return e.client_id;
  }

  // flush sends the outbox in order (only its head after a rate limit).
  flush() {
    for (const e of this.store.get().outbox) {
      this.transmit(e);
      if (this.serial) break;
    }
  }

  transmit(e) {
    if (!this.welcomed || this.inflight.has(e.client_id)) return;
    const { client_id, type, ...fields } = e;
    if (!this.raw({ type, client_id, ...fields })) return;
    this.inflight.add(client_id);
    if (!this.watchdog) {
      this.watchdog = setTimeout(() => {
        this.watchdog = 0;
        if (this.inflight.size && this.ws) this.kill();
      }, ACK_TIMEOUT);
    }
  }

  raw(frame) {
    if (!this.ws || this.ws.readyState !== 1) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  // send is for frames that need no ack: sent now or after the next welcome.
  send(frame) { if (!(this.welcomed && this.raw(frame))) this.later.push(frame); }

  pageView() {
    if (!this.welcomed || location.href === this.page) return;
    this.page = location.href;
    this.raw({ type: 'page', url: location.href, title: document.title });
  }

  typing(on) {
    if (on === this.typingOn || !this.welcomed) return;
    this.typingOn = on;
    this.raw({ type: 'typing', on });
  }
}
