// The admin REST calls (/api/v1). JSON calls go through the console's call()
// (session cookie, CSRF header on writes); bodies are built field by field
// because the API rejects unknown fields.
import { call, ApiError, whenSignedOut } from '/console/api.js';

export { call, ApiError, whenSignedOut };

// missing tells a route this server does not have yet from a real "not found".
export const missing = (e) => e instanceof ApiError && e.status === 404 && /no such API route/i.test(e.message);

let siteKey = '';
export const setSite = (key) => { siteKey = key || ''; };
export const site = () => siteKey;

// qs builds a query string from the non-empty values, with the chosen site.
export function qs(params = {}, withSite = true) {
  const q = new URLSearchParams();
  if (withSite && siteKey) q.set('site', siteKey);
  for (const [k, v] of Object.entries(params)) if (v !== '' && v !== null && v !== undefined) q.set(k, String(v));
  const s = q.toString();
  return s ? '?' + s : '';
}

export const url = (path, params, withSite) => '/api/v1' + path + qs(params, withSite);

// upload posts a file's bytes as they are (CSV or zip imports), typed by
// its name: browsers disagree on a zip's MIME type.
export async function upload(path, file) {
  const type = /\.zip$/i.test(file.name) ? 'application/zip' : 'text/csv';
  const r = await fetch(url(path), {
    method: 'POST', credentials: 'same-origin', cache: 'no-store', body: file,
    headers: { Accept: 'application/json', 'X-Parley-CSRF': '1', 'Content-Type': type },
  });
  let data = null;
  try { data = await r.json(); } catch (e) { data = null; }
  if (!r.ok) throw new ApiError(r.status, data?.error?.code || 'http_' + r.status, data?.error?.message || r.statusText);
  return data;
}

const id = (x) => encodeURIComponent(x);

export const api = {
  login: (email, password) => call('POST', '/auth/login', { email, password }),
  logout: () => call('POST', '/auth/logout'),
  logoutEverywhere: () => call('POST', '/auth/logout-everywhere'),
  me: () => call('GET', '/me'),
  sites: () => call('GET', '/sites').then((d) => d.sites || []),
  site: (key) => call('GET', '/sites/' + id(key)),
  putSite: (key, body) => call('PUT', '/sites/' + id(key), body),
  bots: () => call('GET', '/bots').then((d) => d.bots || []),
  putBot: (key, name) => call('PUT', '/sites/' + id(key) + '/bot', { name }),
  proactive: (key) => call('GET', '/sites/' + id(key) + '/proactive').then((d) => d.rules || []),
  putProactive: (key, rules) => call('PUT', '/sites/' + id(key) + '/proactive', { rules }),

  articles: (f) => call('GET', '/articles' + qs(f)).then((d) => d.articles || []),
  article: (aid) => call('GET', '/articles/' + id(aid)).then((d) => d.article),
  createArticle: (a) => call('POST', '/articles' + qs(), a).then((d) => d.article),
  updateArticle: (aid, a) => call('PUT', '/articles/' + id(aid), a).then((d) => d.article),
  deleteArticle: (aid) => call('DELETE', '/articles/' + id(aid)),
  publish: (aid) => call('POST', '/articles/' + id(aid) + '/publish', {}).then((d) => d.article),
  unpublish: (aid) => call('POST', '/articles/' + id(aid) + '/unpublish', {}).then((d) => d.article),
  versions: (aid) => call('GET', '/articles/' + id(aid) + '/versions').then((d) => d.versions || []),
  restore: (aid, version) => call('POST', '/articles/' + id(aid) + '/restore', { version }).then((d) => d.article),

  botTest: (body) => call('POST', '/bot/test' + qs(), body),
  replay: (limit) => call('POST', '/bot/replay' + qs(), { limit }),
  botSettings: () => call('GET', '/settings/bot' + qs()),
  putBotSettings: (b) => call('PUT', '/settings/bot' + qs(), b),

  intents: () => call('GET', '/intents' + qs()).then((d) => d.intents || []),
  createIntent: (b) => call('POST', '/intents' + qs(), b),
  updateIntent: (iid, b) => call('PUT', '/intents/' + id(iid), b),
  deleteIntent: (iid) => call('DELETE', '/intents/' + id(iid)),

  teams: () => call('GET', '/teams').then((d) => d.teams || []),
  putTeam: (key, b) => call('PUT', '/teams/' + id(key), b),
  deleteTeam: (key) => call('DELETE', '/teams/' + id(key)),
  sla: () => call('GET', '/sla-policies').then((d) => d.policies || []),
  putSLA: (policies) => call('PUT', '/sla-policies', { policies }),

  agents: () => call('GET', '/agents').then((d) => d.agents || []),
  createAgent: (b) => call('POST', '/agents', b),
  updateAgent: (aid, b) => call('PUT', '/agents/' + id(aid), b),
  deleteAgent: (aid) => call('DELETE', '/agents/' + id(aid)),

  audit: (before) => call('GET', '/audit' + qs({ limit: 100, before }, false)),

  tokens: () => call('GET', '/tokens').then((d) => d.tokens || []),
  createToken: (b) => call('POST', '/tokens', b),
  deleteToken: (tid) => call('DELETE', '/tokens/' + id(tid)),
  webhooks: () => call('GET', '/webhooks').then((d) => d.webhooks || []),
  createWebhook: (b) => call('POST', '/webhooks', b),
  updateWebhook: (wid, b) => call('PUT', '/webhooks/' + id(wid), b),
  deleteWebhook: (wid) => call('DELETE', '/webhooks/' + id(wid)),
  deliveries: (wid) => call('GET', '/webhooks/' + id(wid) + '/deliveries').then((d) => d.deliveries || []),

  report: (kind, f) => call('GET', '/reports/' + kind + qs(f, false)),
};
