// Parley's agent console: sign-in, the queue and "mine" lists, the open
// conversation, the contact, and the live feed that keeps them current.
// No build step: plain ES2020 modules served from /console/.
import { api, whenSignedOut } from './api.js';
import { $, h, clean, announce } from './dom.js';
import { Feed } from './feed.js';
import { Lists } from './lists.js';
import { Browse } from './browse.js';
import { View } from './view.js';
import { Composer } from './composer.js';
import { Offers } from './offers.js';
import { installKeys } from './keys.js';
import { unlockAudio, soundOn, setSound, badge, notifyState, setNotify } from './notify.js';

const PRESENCE = 'parley.console.presence';

const app = {
  me: null,
  signedIn: false,
  agentNames: new Map(), // conversation → assignee's name, from status events
  teams: new Set(), // team keys: the desk's, mine, and any seen on a conversation
  teamNames: new Map(), // key → name, from GET /teams
  teamName(key) { return app.teamNames.get(key) || key; },
  botNames: new Map(), // site id → the bot's name there (GET /bots)
  botName(siteId) { return app.botNames.get(siteId) || 'Assistant'; },
  toast(text) {
    const t = $('#toast');
    t.textContent = clean(text);
    t.hidden = false;
    clearTimeout(this.toastTimer);
    this.toastTimer = setTimeout(() => { t.hidden = true; }, 6000);
  },
  help() {
    const d = $('#help');
    if (!d.open) d.showModal();
  },
  async open(id) {
    app.lists.seen(id);
    if (location.hash !== '#c/' + id) history.replaceState(null, '', '#c/' + encodeURIComponent(id));
    await app.view.open(id);
    app.lists.render();
    app.browse.repaint();
  },
  teamsSeen(convs) {
    const before = app.teams.size;
    for (const c of convs) if (c.team) app.teams.add(c.team);
    if (app.teams.size !== before) renderTeams();
  },
};

app.lists = new Lists(app);
app.view = new View(app);
app.browse = new Browse(app);
app.composer = new Composer(app);
app.offers = new Offers(app);
app.feed = new Feed({
  onEvent(f) {
    if (f.kind === 'status' && f.status) {
      const name = f.status.agent?.name ?? f.status.AgentName ?? f.status.agent_name;
      if (name) app.agentNames.set(f.conversation_id, clean(name));
    }
    app.lists.onEvent(f);
    app.view.onEvent(f);
    app.offers.onEvent(f);
  },
  onOpen() {
    app.lists.refresh(); // whatever happened while we were away
    app.offers.refresh();
    app.view.load(false);
  },
  onState(s) {
    const el = $('#conn');
    el.textContent = { connected: 'Live', connecting: 'Connecting…', reconnecting: 'Reconnecting…', off: 'Offline' }[s] || s;
    el.dataset.state = s;
  },
  onDown() {
    api.me().catch(() => {}); // a 401 here signs the console out
  },
});

// renderTeams fills the transfer picker and the queue's filter; the open
// conversation's own team is not a transfer target.
function renderTeams() {
  const teams = [...app.teams].sort((a, b) => app.teamName(a).localeCompare(app.teamName(b)));
  const opt = (t) => h('option', { value: t }, app.teamName(t));
  const f = $('#team-filter');
  const cur = f.value;
  f.replaceChildren(h('option', { value: '' }, 'All teams'), ...teams.map(opt));
  f.value = teams.includes(cur) ? cur : '';
  const p = $('#transfer-team');
  const pick = p.value;
  const own = app.view.conv?.team || '';
  // Only teams the desk knows are targets (a team only seen on a
  // conversation may be gone); before they load, every team seen.
  const targets = (app.teamNames.size ? teams.filter((t) => app.teamNames.has(t)) : teams).filter((t) => t !== own);
  p.replaceChildren(h('option', { value: '' }, 'Choose a team…'), ...targets.map(opt));
  p.value = targets.includes(pick) ? pick : '';
}
app.renderTeams = renderTeams;

// showNotify labels the notifications control with what a click does.
function showNotify(st) {
  const b = $('#notify');
  b.hidden = st === 'unsupported';
  b.disabled = st === 'blocked';
  b.setAttribute('aria-pressed', String(st === 'on'));
  b.textContent = { on: 'Notifications on', off: 'Enable notifications', blocked: 'Notifications blocked' }[st] || '';
  b.title = st === 'blocked' ? "Allow notifications for this site in the browser's settings" : st === 'on' ? 'Click to turn them off' : '';
}

// loadBots learns what each site calls its bot, as its visitors see it.
async function loadBots() {
  try {
    for (const b of await api.bots()) app.botNames.set(b.site_id, clean(b.name) || 'Assistant');
    app.view.load(false);
  } catch (e) {
    if (e.status !== 401) app.toast('Could not load the bot names: ' + e.message);
  }
}

async function loadTeams() {
  try {
    for (const t of await api.teams()) {
      app.teams.add(t.key);
      app.teamNames.set(t.key, clean(t.name) || t.key);
    }
    renderTeams();
  } catch (e) {
    if (e.status !== 401) app.toast('Could not load the teams: ' + e.message);
  }
}

function showLogin(message) {
  app.signedIn = false;
  app.feed.stop();
  app.view.close();
  app.lists.reset();
  $('#app').hidden = true;
  $('#login').hidden = false;
  $('#login-error').textContent = message || '';
  badge(0);
  $('#email').focus();
}

function start() {
  app.signedIn = true;
  $('#login').hidden = true;
  $('#app').hidden = false;
  $('#me').textContent = clean(app.me.name) || clean(app.me.email);
  for (const t of app.me.teams || []) app.teams.add(t);
  renderTeams();
  loadTeams();
  loadBots();
  const p = localStorage.getItem(PRESENCE) === 'away' ? 'away' : 'online';
  $('#presence').value = p;
  app.feed.presence = p;
  app.feed.start();
  app.lists.refresh();
  app.composer.canned.load();
  const m = /^#c\/(.+)$/.exec(location.hash);
  if (m) app.open(decodeURIComponent(m[1]));
  $('#lists').focus();
}

async function login(e) {
  e.preventDefault();
  unlockAudio();
  const btn = $('#login-form button');
  btn.disabled = true;
  $('#login-error').textContent = '';
  try {
    const r = await api.login($('#email').value, $('#password').value);
    $('#password').value = '';
    app.me = r.agent;
    start();
  } catch (err) {
    $('#login-error').textContent = err.status === 401 ? 'Wrong email or password.'
      : err.status === 429 ? 'Too many attempts. Wait a minute and try again.' : err.message;
  } finally {
    btn.disabled = false;
  }
}

async function logout() {
  app.feed.stop();
  try { await api.logout(); } catch (e) { /* signed out locally anyway */ }
  history.replaceState(null, '', location.pathname);
  showLogin('Signed out.');
}

async function logoutEverywhere() {
  try {
    await api.logoutEverywhere();
  } catch (e) {
    if (e.status !== 401) { announce('Could not sign out everywhere: ' + e.message); return; }
  }
  app.feed.stop();
  history.replaceState(null, '', location.pathname);
  showLogin('Signed out on every device.');
}

function wire() {
  app.browse.wire();
  whenSignedOut(() => app.signedIn && showLogin('Your session ended. Sign in again.'));
  $('#login-form').addEventListener('submit', login);
  $('#logout').addEventListener('click', logout);
  $('#logout-all').addEventListener('click', logoutEverywhere);
  $('#help-btn').addEventListener('click', () => app.help());
  $('#help-close').addEventListener('click', () => $('#help').close());
  $('#presence').addEventListener('change', (e) => {
    localStorage.setItem(PRESENCE, e.target.value);
    app.feed.setPresence(e.target.value);
    announce(e.target.value === 'online' ? 'You are online: conversations are assigned to you.' : 'You are away: no new assignments.');
  });
  $('#sound').checked = soundOn();
  $('#sound').addEventListener('change', (e) => setSound(e.target.checked));
  showNotify(notifyState());
  $('#notify').addEventListener('click', async () => showNotify(await setNotify(notifyState() !== 'on')));
  $('#team-filter').addEventListener('change', (e) => app.lists.setTeam(e.target.value));
  $('#take').addEventListener('click', () => app.view.take());
  $('#resolve').addEventListener('click', () => app.view.resolve());
  $('#transfer').addEventListener('submit', async (e) => {
    e.preventDefault();
    if (await app.view.transfer($('#transfer-team').value)) $('#transfer-team').value = '';
  });
  for (const ev of ['pointerdown', 'keydown']) addEventListener(ev, unlockAudio, { capture: true, passive: true });
  installKeys(app);
}

async function boot() {
  wire();
  try {
    app.me = await api.me();
    start();
  } catch (e) {
    showLogin(e.status === 401 ? '' : e.message);
  }
}

boot();
