// Parley's admin pages: sign-in (admins only), a site picker, and one page
// per hash (#kb, #kb/ID, #bot, #reports?from=…). No build step: plain ES2020
// modules served from /admin/, sharing the console's API and DOM modules.
import { api, whenSignedOut, setSite } from './api.js';
import { $, h, clean, announce } from './ui.js';
import { kbList } from './kb.js';
import { editor } from './editor.js';
import { botPanel } from './bot.js';
import { intentsPage, botSettingsPage } from './settings.js';
import { teamsPage, slaPage, agentsPage } from './org.js';
import { sitesPage, proactivePage } from './sites.js';
import { webhooksPage, tokensPage } from './integrations.js';
import { auditPage } from './audit.js';
import { reportsPage } from './reports.js';

const PAGES = [
  ['kb', 'Knowledge base', kbList], ['bot', 'Test the bot', botPanel], ['intents', 'Intents', intentsPage],
  ['bot-settings', 'Bot settings', botSettingsPage], ['teams', 'Teams & hours', teamsPage], ['sla', 'SLA policies', slaPage],
  ['agents', 'Agents', agentsPage], ['sites', 'Sites', sitesPage], ['proactive', 'Proactive rules', proactivePage],
  ['webhooks', 'Webhooks', webhooksPage], ['tokens', 'API tokens', tokensPage], ['audit', 'Audit log', auditPage],
  ['reports', 'Reports', reportsPage],
];
const SITE = 'parley.admin.site';
let me = null;

function route() {
  if (!me) return;
  // #page, #page/ARG or #page?QUERY (a page's own state, e.g. a report's window).
  const [name, arg] = location.hash.slice(1).split('?')[0].split(/\/(.*)/s);
  const page = PAGES.find((p) => p[0] === name) || PAGES[0];
  for (const a of $('#tabs').children) {
    if (a.dataset.page === page[0]) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const panel = $('#panel');
  panel.replaceChildren();
  document.title = page[1] + ' · Parley admin';
  if (page[0] === 'kb' && arg) editor(panel, decodeURIComponent(arg));
  else page[2](panel);
}

async function loadSites() {
  const pick = $('#site-pick'), sel = $('#site');
  let sites = [];
  try { sites = await api.sites(); } catch (e) { /* sites not served here: calls go without ?site */ }
  const want = localStorage.getItem(SITE);
  const key = sites.some((s) => s.key === want) ? want : sites[0]?.key || '';
  setSite(key);
  sel.replaceChildren(...sites.map((s) => h('option', { value: s.key }, clean(s.name) || s.key)));
  sel.value = key;
  pick.hidden = sites.length < 2;
}

async function start(agent) {
  me = agent;
  $('#login').hidden = true;
  if (agent.role !== 'admin') {
    // An agent signed in: nothing of the settings is loaded or shown.
    me = null;
    $('#app').hidden = true;
    $('#denied-text').textContent = `You are signed in as ${clean(agent.name) || clean(agent.email)}, an agent. ` +
      'These pages are for admins only; ask an admin for access.';
    $('#denied').hidden = false;
    $('#denied-logout').focus();
    return;
  }
  $('#denied').hidden = true;
  $('#app').hidden = false;
  $('#me').textContent = clean(agent.name) || clean(agent.email);
  await loadSites();
  route();
  $('#panel').focus();
}

function showLogin(message) {
  me = null;
  $('#app').hidden = true;
  $('#denied').hidden = true;
  $('#panel').replaceChildren();
  $('#login').hidden = false;
  $('#login-error').textContent = message || '';
  $('#email').focus();
}

async function login(e) {
  e.preventDefault();
  const btn = $('#login-form button');
  btn.disabled = true;
  $('#login-error').textContent = '';
  try {
    const r = await api.login($('#email').value, $('#password').value);
    $('#password').value = '';
    await start(r.agent);
  } catch (err) {
    $('#login-error').textContent = err.status === 401 ? 'Wrong email or password.'
      : err.status === 429 ? 'Too many attempts. Wait a minute and try again.' : err.message;
  } finally {
    btn.disabled = false;
  }
}

async function logout() {
  try { await api.logout(); } catch (e) { /* signed out locally anyway */ }
  showLogin('Signed out.');
}

async function logoutEverywhere() {
  try {
    await api.logoutEverywhere();
  } catch (e) {
    if (e.status !== 401) { announce('Could not sign out everywhere: ' + e.message); return; }
  }
  showLogin('Signed out on every device.');
}

function wire() {
  $('#tabs').replaceChildren(...PAGES.map(([key, label]) => h('a', { href: '#' + key, 'data-page': key }, label)));
  whenSignedOut(() => me && showLogin('Your session ended. Sign in again.'));
  $('#login-form').addEventListener('submit', login);
  $('#logout').addEventListener('click', logout);
  $('#logout-all').addEventListener('click', logoutEverywhere);
  $('#denied-logout').addEventListener('click', logout);
  $('#site').addEventListener('change', (e) => {
    localStorage.setItem(SITE, e.target.value);
    setSite(e.target.value);
    route();
  });
  addEventListener('hashchange', route);
}

async function boot() {
  wire();
  try {
    await start(await api.me());
  } catch (e) {
    showLogin(e.status === 401 ? '' : e.message);
  }
}

boot();
