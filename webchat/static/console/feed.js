// The agents' websocket (GET /ws/agent, same origin, session cookie): live
// events for every conversation; presence (also the heartbeat, every 20 s)
// and typing frames out. Reconnects with jittered exponential backoff; the
// app refetches what it shows after every (re)connect.
const HEARTBEAT = 20000;
const MAX_BACKOFF = 15000;

export class Feed {
  constructor({ onEvent, onOpen, onState, onDown }) {
    this.on = { onEvent, onOpen, onState, onDown };
    this.ws = null;
    this.presence = 'online';
    this.attempt = 0;
    this.timer = 0;
    this.beat = 0;
    this.stopped = true;
    this.state = '';
    this.typingIn = new Set(); // conversations we told "typing on"
    addEventListener('online', () => this.soon());
    document.addEventListener('visibilitychange', () => !document.hidden && this.soon());
  }

  setState(s) {
    if (s === this.state) return;
    this.state = s;
    this.on.onState(s);
  }

  start() {
    this.stopped = false;
    this.connect();
  }

  // stop says offline (when it can) and closes for good.
  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.beat);
    if (this.ws) {
      this.send({ type: 'presence', status: 'offline' });
      this.ws.close(1000);
      this.ws = null;
    }
    this.setState('off');
  }

  soon() {
    if (this.stopped || this.ws) return;
    clearTimeout(this.timer);
    this.connect();
  }

  connect() {
    if (this.ws || this.stopped) return;
    const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws/agent';
    let ws;
    try { ws = new WebSocket(url); } catch (e) { this.retry(); return; }
    this.ws = ws;
    let opened = false;
    this.setState('connecting');
    ws.onopen = () => {
      opened = true;
      this.attempt = 0;
      this.typingIn.clear();
      this.setState('connected');
      this.heartbeat();
      clearInterval(this.beat);
      this.beat = setInterval(() => this.heartbeat(), HEARTBEAT);
      this.on.onOpen();
    };
    ws.onmessage = (e) => {
      let f;
      try { f = JSON.parse(e.data); } catch (err) { return; }
      if (f && f.type === 'event') this.on.onEvent(f);
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      clearInterval(this.beat);
      if (this.stopped) return;
      this.setState('reconnecting');
      if (!opened) this.on.onDown(); // refused: maybe signed out
      this.retry();
    };
  }

  retry() {
    const base = Math.min(MAX_BACKOFF, 500 * 2 ** this.attempt++);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.connect(), base / 2 + Math.random() * base / 2);
  }

  send(f) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(JSON.stringify(f));
      return true;
    }
    return false;
  }

  heartbeat() { this.send({ type: 'presence', status: this.presence }); }

  setPresence(p) {
    this.presence = p;
    this.heartbeat();
  }

  typing(conversationId, on) {
    if (!conversationId || on === this.typingIn.has(conversationId)) return;
    if (this.send({ type: 'typing', conversation_id: conversationId, on })) {
      if (on) this.typingIn.add(conversationId);
      else this.typingIn.delete(conversationId);
    }
  }
}
