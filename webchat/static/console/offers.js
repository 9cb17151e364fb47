// Offers: when the desk requires an accept step, the router offers a
// conversation (an "offer" event naming the agent and why) instead of
// assigning it; the agent accepts or declines it here. Shown above
// everything, one line per offer, until answered or withdrawn.
import { call } from './api.js';
import { h, clean, author } from './dom.js';
import { beep, notify } from './notify.js';

export class Offers {
  constructor(app) {
    this.app = app;
    this.rows = new Map(); // conversation id → its line
    this.touched = null; // conversations offer events named during a refresh
    this.box = null;
  }

  // refresh shows the offers pending now (after sign-in or a reconnect).
  // An offer event that arrives while the list is in flight is newer than
  // the list: the list neither removes nor brings back its conversation.
  async refresh() {
    const touched = this.touched = new Set();
    let r;
    try { r = await call('GET', '/offers'); } catch (e) { return; }
    if (this.touched !== touched) return; // a newer refresh answers
    this.touched = null;
    const offers = (r?.offers || []).filter((o) => !touched.has(o.conversation_id));
    const ids = new Set(offers.map((o) => o.conversation_id));
    for (const id of [...this.rows.keys()]) if (!ids.has(id) && !touched.has(id)) this.remove(id);
    for (const o of offers) this.show(o.conversation_id, o.reason);
  }

  onEvent(f) {
    if (f.kind !== 'offer' || !this.app.me || author(f.author).id !== this.app.me.id) return;
    this.touched?.add(f.conversation_id);
    if (!f.on) return this.remove(f.conversation_id);
    if (!this.rows.has(f.conversation_id)) {
      beep();
      notify('A conversation is offered to you', clean(f.comment) || 'Accept or decline it in the console', f.conversation_id, () => this.app.open(f.conversation_id));
    }
    this.show(f.conversation_id, f.comment);
  }

  show(id, why) {
    if (this.rows.has(id)) return;
    if (!this.box) {
      this.box = h('section', { id: 'offers', 'aria-label': 'Conversations offered to you', 'aria-live': 'polite' });
      document.body.prepend(this.box);
    }
    const row = h('p', { class: 'offer', 'data-conversation': id }, 'A conversation is offered to you (' + clean(why) + '). ',
      h('button', { type: 'button', class: 'accept', onclick: () => this.answer(id, 'accept') }, 'Accept'), ' ',
      h('button', { type: 'button', class: 'decline', onclick: () => this.answer(id, 'decline') }, 'Decline'));
    this.rows.set(id, row);
    this.box.append(row);
  }

  remove(id) {
    this.rows.get(id)?.remove();
    this.rows.delete(id);
  }

  async answer(id, what) {
    this.remove(id);
    try {
      await call('POST', `/conversations/${encodeURIComponent(id)}/${what}`, {});
    } catch (e) {
      this.app.toast(e.message);
      return;
    }
    if (what === 'accept') {
      this.app.lists.refresh();
      this.app.open(id);
    }
  }
}
