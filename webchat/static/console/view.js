// The open conversation: header and actions (take, transfer, resolve), the
// pinned handoff summary, the transcript, who is typing, and the contact's
// sidebar. Live messages are appended from the feed; anything that changes
// the conversation's state (or a bot turn's decision) reloads it.
import { api } from './api.js';
import { h, $, who, author, announce } from './dom.js';
import { messageItem, byMessage, summary } from './transcript.js';
import { contactCard, historyList } from './sidebar.js';

const MODES = { bot: 'With the bot', queued: 'Waiting in the queue', assigned: 'Assigned', resolved: 'Resolved' };
const TYPING_TTL = 8000;

export class View {
  constructor(app) {
    this.app = app;
    this.id = null;
    this.marks = { visitor_seq: 0, agent_seq: 0 }; // read markers (GET …/read, read events)
    this.marking = 0;
    document.addEventListener('visibilitychange', () => this.markRead());
    this.data = null;
    this.token = 0;
    this.timer = 0;
    this.typers = new Map(); // "kind:id" → {name, timer}
    this.history = null; // {contact, convs}: the open contact's conversations
    // With the sidebar shown, the handoff summary heads it rather than
    // taking the transcript's height; without, it sits above the
    // transcript, capped and scrolling (console.css).
    this.wide = matchMedia('(min-width: 1001px)');
    this.wide.addEventListener('change', () => { if (this.data) this.render(false); });
  }

  async open(id) {
    if (this.id !== id) {
      this.id = id;
      this.data = null;
      this.marks = { visitor_seq: 0, agent_seq: 0 };
      this.clearTyping();
      $('#conv-error').textContent = '';
      $('#empty').hidden = true;
      $('#conv-body').hidden = true;
    }
    await this.load(true);
  }

  close() {
    this.id = null;
    this.data = null;
    this.clearTyping();
    $('#conv-body').hidden = true;
    $('#empty').hidden = false;
    const sum = $('#summary');
    sum.hidden = true;
    $('#log').before(sum); // the sidebar is emptied: keep the summary's element
    $('#contact').replaceChildren();
  }

  schedule() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.load(false), 150);
  }

  async load(first) {
    const id = this.id;
    if (!id) return;
    const token = ++this.token;
    try {
      const [d, read] = await Promise.all([api.get(id), api.reads(id).catch(() => null)]);
      if (token !== this.token || id !== this.id) return;
      // Messages that arrived live while this was loading stay.
      const top = d.messages.length ? d.messages[d.messages.length - 1].seq : 0;
      for (const m of this.data?.messages || []) if (m.seq > top) d.messages.push(m);
      this.data = d;
      if (read) this.marks = read;
      this.render(first);
    } catch (e) {
      if (id !== this.id || e.status === 401) return;
      if (e.status === 404) {
        this.close();
        this.app.toast('That conversation does not exist.');
      } else this.app.toast('Could not load the conversation: ' + e.message);
    }
  }

  get conv() { return this.data?.conversation || null; }

  render(first) {
    const { conversation: c, messages, decisions } = this.data;
    const me = this.app.me;
    $('#conv-body').hidden = false;
    $('#conv-title').textContent = who(c);
    let mode = MODES[c.mode] || c.mode;
    if (c.mode === 'assigned') mode = c.assignee_id === me.id ? 'Assigned to you' : 'Assigned to ' + (this.app.agentNames.get(c.id) || 'another agent');
    $('#conv-state').replaceChildren(h('span', { class: 'mode' }, mode), h('span', { class: 'urg urg-' + c.urgency }, c.urgency),
      ...(c.team ? [h('span', { class: 'team' }, c.team)] : []));
    $('#take').hidden = !(c.mode === 'queued' || c.mode === 'bot');
    $('#resolve').hidden = c.mode === 'resolved';
    $('#transfer').hidden = c.mode === 'resolved';
    this.app.renderTeams();
    const card = summary(c, messages, decisions);
    $('#summary').replaceChildren(...(card ? [card] : []));
    $('#summary').hidden = !card;
    const log = $('#log');
    const bottom = first || this.atBottom();
    const top = log.scrollTop;
    const groups = byMessage(decisions);
    const bot = this.app.botName(c.site_id);
    log.replaceChildren(...messages.map((m) => messageItem(m, groups.get(m.seq) || [], me.id, bot)));
    log.scrollTop = bottom ? log.scrollHeight : top;
    const ct = c.contact?.id || '';
    const hist = this.history?.contact === ct ? this.history.convs : null;
    const sum = $('#summary'); // taken before the sidebar is repainted, wherever it is
    $('#contact').replaceChildren(contactCard(c, historyList(hist, c.id, (id) => this.app.open(id))));
    if (this.wide.matches) $('#contact').prepend(sum);
    else if (sum.nextElementSibling !== log) log.before(sum);
    if (first || this.history?.contact !== ct) this.loadHistory(ct);
    this.app.composer.attach(c);
    this.seen();
    this.markRead();
  }

  // seen shows "Seen" under the newest reply the visitor has read.
  seen() {
    const upto = this.marks?.visitor_seq || 0;
    const m = [...(this.data?.messages || [])].reverse()
      .find((x) => x.seq <= upto && !x.private && author(x.author).kind === 'agent');
    const li = m && $('#log').querySelector(`li[data-seq="${m.seq}"]`);
    const old = $('#log .seen');
    if (old && old.parentNode === li) return;
    old?.remove();
    if (li) li.append(h('div', { class: 'seen' }, 'Seen'));
  }

  // markRead raises the agents' read marker to the newest message shown,
  // while the console is in view; the visitor is told.
  async markRead() {
    const msgs = this.data?.messages || [], id = this.id;
    const top = msgs.length ? msgs[msgs.length - 1].seq : 0;
    if (document.hidden || !id || top <= (this.marks?.agent_seq || 0) || this.marking >= top) return;
    this.marking = top;
    try {
      const r = await api.read(id, top);
      if (id === this.id) this.marks = { ...this.marks, agent_seq: r.agent_seq };
    } catch (e) { /* the next message or load tries again */ }
    this.marking = 0;
  }

  // loadHistory fetches the contact's conversations (all statuses).
  async loadHistory(contact) {
    if (!contact) return;
    if (this.history?.contact !== contact) this.history = { contact, convs: null };
    try {
      const convs = await api.search({ contact_id: contact, limit: 50 });
      this.history = { contact, convs };
    } catch (e) {
      if (e.status === 401) return;
      this.history = { contact, convs: [] };
    }
    if (this.conv?.contact?.id === contact) {
      $('#history')?.replaceChildren(historyList(this.history.convs, this.id, (id) => this.app.open(id)));
    }
  }

  atBottom() {
    const log = $('#log');
    return log.scrollHeight - log.scrollTop - log.clientHeight < 40;
  }

  // add appends a message from the feed or the API's answer, once.
  add(m) {
    if (!this.data || m.conversation_id && m.conversation_id !== this.id) return;
    const msgs = this.data.messages;
    if (msgs.some((x) => x.seq === m.seq)) return;
    const last = msgs[msgs.length - 1];
    if (last && m.seq < last.seq) {
      this.schedule(); // out of order: the server's order wins
      return;
    }
    const bottom = this.atBottom();
    msgs.push(m);
    $('#log').append(messageItem(m, [], this.app.me.id, this.app.botName(this.conv?.site_id)));
    if (bottom || author(m.author).id === this.app.me.id) $('#log').scrollTop = $('#log').scrollHeight;
    if (last && m.seq > last.seq + 1) this.schedule(); // a gap: fetch it
    this.seen();
    this.markRead();
  }

  onEvent(f) {
    if (f.conversation_id !== this.id || !this.data) return;
    if (f.message) {
      const a = author(f.message.author);
      this.add(f.message);
      if (a.kind === 'visitor') {
        this.typing(a, false);
        announce(`${who(this.conv)}: ${f.message.text || 'sent a file'}`);
      } else if (a.kind === 'agent' && a.id !== this.app.me.id) {
        announce(`${a.name || 'Agent'}${f.message.private ? ' (note)' : ''}: ${f.message.text}`);
      }
      if (a.kind === 'bot' || a.kind === 'system') this.schedule(); // its decision, a mode change
    } else if (f.kind === 'status') this.schedule();
    else if (f.kind === 'typing') this.typing(author(f.author), f.on);
    else if (f.kind === 'read' && author(f.author).kind === 'visitor') {
      this.marks = { ...this.marks, visitor_seq: Math.max(this.marks?.visitor_seq || 0, f.seq) };
      this.seen();
    }
  }

  typing(a, on) {
    if (a.kind === 'agent' && a.id === this.app.me.id) return;
    const key = a.kind + ':' + a.id;
    const old = this.typers.get(key);
    if (old) clearTimeout(old.timer);
    if (on) {
      const name = a.kind === 'visitor' ? who(this.conv) : a.name || 'An agent';
      this.typers.set(key, { name, timer: setTimeout(() => this.typing(a, false), TYPING_TTL) });
    } else this.typers.delete(key);
    const names = [...this.typers.values()].map((t) => t.name);
    $('#typing').textContent = names.length ? `${names.join(', ')} ${names.length > 1 ? 'are' : 'is'} typing…` : '';
  }

  clearTyping() {
    for (const t of this.typers.values()) clearTimeout(t.timer);
    this.typers.clear();
    $('#typing').textContent = '';
  }

  // take assigns the open conversation to me; with none open, the selected
  // queued one.
  async take() {
    const c = this.conv;
    if (!c) {
      const sel = this.app.lists.cursor;
      if (sel && this.app.lists.inQueue(sel)) {
        await this.app.open(sel);
        if (this.conv) await this.take();
      }
      return;
    }
    if (c.mode !== 'queued' && c.mode !== 'bot') return;
    await this.act(() => api.assign(c.id), 'You took this conversation.');
  }

  async resolve() {
    const c = this.conv;
    if (!c || c.mode === 'resolved') return;
    await this.act(() => api.resolve(c.id), 'Resolved. The visitor is asked for a rating.');
  }

  async transfer(team) {
    const c = this.conv;
    if (!c || !team) return false;
    const name = this.app.teamName(team);
    return this.act(() => api.transfer(c.id, team).catch((e) => {
      if (e.status === 404) e.message = `No team named "${name}".`;
      throw e;
    }), `Transferred to ${name}.`);
  }

  async act(fn, done) {
    const id = this.id;
    $('#conv-error').textContent = '';
    try {
      const r = await fn();
      if (id === this.id && r?.conversation && this.data) {
        this.data.conversation = { ...r.conversation, contact: this.data.conversation.contact };
        this.render(false);
      }
      announce(done);
      this.app.lists.refresh();
      this.schedule();
      return true;
    } catch (e) {
      if (e.status !== 401 && id === this.id) $('#conv-error').textContent = e.message;
      return false;
    }
  }
}
