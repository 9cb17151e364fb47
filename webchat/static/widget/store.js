// What the widget keeps per site in localStorage, so that a reload, another
// page of the site or a new tab resumes the same visitor without losing or
// repeating a message. Read-modify-write on every change keeps tabs from
// overwriting each other's additions.
const CACHE = 200; // messages kept for showing history after a reload

export const empty = () => ({
  token: '', conversation_id: '', last_seq: 0,
  messages: [], // the latest CACHE protocol message objects, by seq
  outbox: [], // frames typed but not yet acked: {client_id, type, ...fields}
  read_seq: 0, feedback: {}, mode: '', was_assigned: false, csat_done: false, contact_left: false,
  site: null, // welcome.site: colour, side, greeting and away text
  nps: {}, // seq of an NPS question → the score given
  agent_read: 0, // a person has read up to this seq (read{by:"agent"})
  email: '', // the visitor's address, once given (offline form, transcript)
});

export class Store {
  constructor(key) {
    this.key = key;
    this.mem = null; // used when localStorage is unavailable (blocked, private mode)
  }

  get() {
    let raw = null;
    try {
      raw = this.mem === null ? localStorage.getItem(this.key) : this.mem;
    } catch (e) {
      this.mem = this.mem || '';
    }
    try {
      const s = JSON.parse(raw || 'null');
      return s && typeof s === 'object' ? { ...empty(), ...s } : empty();
    } catch (e) {
      return empty();
    }
  }

  update(fn) {
    const s = this.get();
    fn(s);
    const raw = JSON.stringify(s);
    try {
      if (this.mem === null) localStorage.setItem(this.key, raw); else this.mem = raw;
    } catch (e) {
      this.mem = raw; // quota or blocked: keep going in memory
    }
    return s;
  }

  clear() {
    this.mem = this.mem === null ? null : '';
    try { localStorage.removeItem(this.key); } catch (e) { /* blocked */ }
  }

  // keep merges a message into the cache (by seq) and raises last_seq.
  keep(m) {
    return this.update((s) => {
      if (!s.messages.some((x) => x.seq === m.seq)) {
        s.messages.push(m);
        s.messages.sort((a, b) => a.seq - b.seq);
        if (s.messages.length > CACHE) s.messages.splice(0, s.messages.length - CACHE);
      }
      s.last_seq = Math.max(s.last_seq, m.seq);
      if (m.client_id) s.outbox = s.outbox.filter((e) => e.client_id !== m.client_id);
    });
  }
}
