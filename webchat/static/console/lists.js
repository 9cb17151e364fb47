// The queue and "mine" lists: ordered by urgency and SLA, refreshed from the
// API whenever the feed says something moved (and after every reconnect).
// A conversation that appears in either list after the first load is a new
// handoff: it beeps, is announced, and counts in the title until opened;
// one assigned to the agent is also a notification. So is a visitor's
// message in one of theirs, unless the agent is looking at it.
import { api } from './api.js';
import { h, $, who, reasonLabel, due, announce, author } from './dom.js';
import { beep, badge, notify } from './notify.js';

// nextDue is the deadline that matters now: the first response until one
// was sent, then the next response.
export const nextDue = (c) => (c.first_response_at ? c.sla?.next_response_due : c.sla?.first_response_due) || null;

// order: priority (3 critical … 0 low) descending, then the SLA deadline
// ascending (none last), then longest waiting first.
export function order(a, b) {
  if ((b.priority || 0) !== (a.priority || 0)) return (b.priority || 0) - (a.priority || 0);
  const da = nextDue(a), db = nextDue(b);
  if (da !== db) {
    if (!da) return 1;
    if (!db) return -1;
    const d = Date.parse(da) - Date.parse(db);
    if (d) return d;
  }
  return Date.parse(a.queued_at || a.created_at) - Date.parse(b.queued_at || b.created_at);
}

// looking: the console is the tab in front and has the focus.
const looking = () => !document.hidden && document.hasFocus();

export class Lists {
  constructor(app) {
    this.app = app;
    this.queue = [];
    this.mine = [];
    this.known = null; // ids shown after the first load
    this.fresh = new Set(); // new handoffs not opened yet
    this.unread = new Set(); // visitor wrote in one of mine (not open)
    this.cursor = null; // the selected conversation (j/k)
    this.team = '';
    this.busy = false;
    this.again = false;
    this.quiet = false; // the next load changes the filter: nothing is "new"
    this.timer = 0;
    setInterval(() => this.render(), 15000); // SLA countdowns
    // Back to the tab: the open conversation has been read.
    const back = () => { if (looking() && this.unread.delete(this.app.view.id)) this.render(); };
    document.addEventListener('visibilitychange', back);
    addEventListener('focus', back);
  }

  reset() {
    this.queue = [];
    this.mine = [];
    this.known = null;
    this.fresh.clear();
    this.unread.clear();
    this.cursor = null;
    badge(0);
    this.render();
  }

  setTeam(team) {
    this.team = team;
    this.quiet = true;
    this.refresh();
  }

  schedule() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.refresh(), 100);
  }

  async refresh() {
    if (this.busy) {
      this.again = true;
      return;
    }
    this.busy = true;
    try {
      do {
        this.again = false;
        // The queue first: a conversation moving from it to Mine meanwhile
        // shows in both (deduplicated) rather than in neither.
        const q = await api.list('queued', { team: this.team });
        const m = await api.list('assigned', { mine: true });
        this.apply(q, m);
      } while (this.again);
    } catch (e) {
      if (e.status !== 401) this.app.toast('Could not load the lists: ' + e.message);
    } finally {
      this.busy = false;
    }
  }

  apply(q, m) {
    this.mine = m.sort(order);
    const mine = new Set(m.map((c) => c.id));
    this.queue = q.filter((c) => !mine.has(c.id)).sort(order);
    const all = [...this.mine, ...this.queue];
    const ids = new Set(all.map((c) => c.id));
    if (this.known && !this.quiet) {
      const added = all.filter((c) => !this.known.has(c.id) && c.id !== this.app.view.id);
      for (const c of added) this.fresh.add(c.id);
      if (added.length) {
        beep();
        const c = added[0];
        const where = this.mine.includes(c) ? 'assigned to you' : 'in the queue';
        announce(added.length === 1 ? `New conversation ${where}: ${who(c)}` : `${added.length} new conversations`);
      }
      for (const c of added) {
        if (this.mine.includes(c)) notify('New conversation assigned to you', `${who(c)}: ${reasonLabel(c.handoff_reason) || c.mode}`, c.id, () => this.app.open(c.id));
      }
    }
    this.quiet = false;
    this.known = new Set([...(this.known || []), ...ids]); // a take may race a load: keep ids in between
    for (const id of [...this.fresh]) if (!ids.has(id)) this.fresh.delete(id);
    for (const id of [...this.unread]) if (!this.mine.some((c) => c.id === id)) this.unread.delete(id);
    if (this.cursor && !ids.has(this.cursor)) this.cursor = null;
    this.app.teamsSeen(all);
    this.render();
  }

  // onEvent keeps the lists current: any status change may move a
  // conversation between them; a visitor's message marks one of mine unread.
  onEvent(f) {
    const listed = (id) => this.mine.some((c) => c.id === id) || this.queue.some((c) => c.id === id);
    if (f.kind === 'status') {
      const mode = f.status?.Mode ?? f.status?.mode;
      if (mode === 'resolved' || mode === 'bot') this.known?.delete(f.conversation_id); // a later handoff is new again
      this.schedule();
    } else if (f.message) {
      const a = author(f.message.author);
      if (a.kind === 'system' && listed(f.conversation_id)) this.schedule(); // e.g. contact details saved
      const c = this.mine.find((x) => x.id === f.conversation_id);
      if (a.kind === 'visitor' && c && (f.conversation_id !== this.app.view.id || !looking())) {
        this.unread.add(c.id);
        this.render();
        notify(who(c), f.message.text || 'sent a file', c.id, () => this.app.open(c.id));
      }
    }
  }

  seen(id) {
    this.fresh.delete(id);
    this.unread.delete(id);
    this.cursor = id;
    this.render();
  }

  find(id) { return this.mine.find((c) => c.id === id) || this.queue.find((c) => c.id === id) || null; }
  inQueue(id) { return this.queue.some((c) => c.id === id); }
  ids() { return [...this.mine, ...this.queue].map((c) => c.id); }

  // move selects the next (+1) or previous (-1) conversation and focuses it.
  move(delta) {
    const ids = this.ids();
    if (!ids.length) return;
    const at = ids.indexOf(this.cursor ?? this.app.view.id);
    const next = at < 0 ? (delta > 0 ? 0 : ids.length - 1) : Math.max(0, Math.min(ids.length - 1, at + delta));
    this.cursor = ids[next];
    this.render();
    $(`#lists .item[data-id="${CSS.escape(this.cursor)}"]`)?.focus();
  }

  openSelected() {
    if (this.cursor) this.app.open(this.cursor);
  }

  render() {
    const focused = document.activeElement?.closest?.('#lists .item')?.dataset.id;
    this.fill($('#mine'), this.mine, 'Nothing assigned to you.');
    this.fill($('#queue'), this.queue, 'Nobody is waiting.');
    $('#mine-count').textContent = String(this.mine.length);
    $('#queue-count').textContent = String(this.queue.length);
    badge(new Set([...this.fresh, ...this.unread]).size);
    if (focused) $(`#lists .item[data-id="${CSS.escape(focused)}"]`)?.focus();
  }

  // fill updates a list in place: entries are kept by id and touched only
  // when something shown changed, so a refresh never swaps the element
  // under the pointer (a click whose press and release land on different
  // elements is no click).
  fill(ul, convs, empty) {
    const now = Date.now();
    const old = new Map([...ul.children].filter((li) => li.firstChild?.dataset?.id).map((li) => [li.firstChild.dataset.id, li]));
    const lis = convs.map((c) => {
      const li = old.get(c.id) || h('li', null, h('button', { type: 'button', 'data-id': c.id, onclick: () => this.app.open(c.id) }));
      this.paint(li.firstChild, c, now);
      return li;
    });
    if (!lis.length) lis.push([...ul.children].find((li) => li.classList.contains('empty')) || h('li', { class: 'empty' }, empty));
    if (lis.length !== ul.children.length || lis.some((li, i) => ul.children[i] !== li)) ul.replaceChildren(...lis);
  }

  paint(btn, c, now) {
    const open = this.app.view.id === c.id;
    const cls = ['item', this.fresh.has(c.id) && 'fresh', this.unread.has(c.id) && 'unread',
      this.cursor === c.id && 'sel', open && 'open'].filter(Boolean).join(' ');
    if (btn.className !== cls) btn.className = cls;
    if (open) btn.setAttribute('aria-current', 'true');
    else btn.removeAttribute('aria-current');
    const d = nextDue(c);
    const late = !!d && Date.parse(d) < now;
    const parts = [who(c), this.fresh.has(c.id), this.unread.has(c.id), c.urgency, reasonLabel(c.handoff_reason) || c.mode,
      c.team || '', d ? due(d, now) : '', late];
    const sig = JSON.stringify(parts);
    if (btn.dataset.sig === sig) return;
    btn.dataset.sig = sig;
    btn.replaceChildren(
      h('span', { class: 'line' }, h('span', { class: 'name' }, parts[0]),
        parts[1] ? h('span', { class: 'flag' }, 'new') : null,
        parts[2] ? h('span', { class: 'flag' }, 'unread') : null,
        h('span', { class: 'urg urg-' + c.urgency }, c.urgency)),
      h('span', { class: 'line sub' }, h('span', { class: 'why' }, parts[4]),
        c.team ? h('span', { class: 'team' }, c.team) : null,
        d ? h('span', { class: 'sla' + (late ? ' late' : '') }, parts[6]) : null));
  }
}
