// The REST API (/api/v1) with the session cookie. Writes carry the CSRF
// header the API requires of cookie-authenticated requests.
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message || code);
    this.status = status;
    this.code = code;
  }
}

let onUnauthorized = () => {};
export const whenSignedOut = (fn) => { onUnauthorized = fn; };

export async function call(method, path, body) {
  const headers = { Accept: 'application/json' };
  const opt = { method, headers, credentials: 'same-origin', cache: 'no-store' };
  if (method !== 'GET') {
    headers['X-Parley-CSRF'] = '1';
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      opt.body = JSON.stringify(body);
    }
  }
  let r;
  try {
    r = await fetch('/api/v1' + path, opt);
  } catch (e) {
    throw new ApiError(0, 'network', 'The server cannot be reached.');
  }
  let data = null;
  if (r.status !== 204) {
    try { data = await r.json(); } catch (e) { data = null; }
  }
  if (!r.ok) {
    const err = new ApiError(r.status, data?.error?.code || 'http_' + r.status, data?.error?.message || r.statusText);
    if (r.status === 401 && !path.startsWith('/auth/')) onUnauthorized(err);
    throw err;
  }
  return data;
}

const conv = (id) => '/conversations/' + encodeURIComponent(id);

export const api = {
  login: (email, password) => call('POST', '/auth/login', { email, password }),
  logout: () => call('POST', '/auth/logout'),
  logoutEverywhere: () => call('POST', '/auth/logout-everywhere'),
  me: () => call('GET', '/me'),
  list(mode, { mine = false, team = '' } = {}) {
    const q = new URLSearchParams({ mode });
    if (mine) q.set('mine', '1');
    if (team) q.set('team', team);
    return call('GET', '/conversations?' + q).then((d) => d.conversations || []);
  },
  // search: the conversations view and a contact's history ({q, status,
  // language, urgency, assignee, contact_id}); each carries a snippet, the
  // newest message matching q.
  search: (q) => call('GET', '/conversations/search?' + new URLSearchParams(q)).then((d) => d.conversations || []),
  get: (id) => call('GET', conv(id)),
  assign: (id) => call('POST', conv(id) + '/assign', {}),
  reply: (id, text, isPrivate, attachments) => call('POST', conv(id) + '/messages', { text, private: !!isPrivate, attachments }),
  // Read markers: how far the visitor and agents have read; read() raises the agents'.
  reads: (id) => call('GET', conv(id) + '/read').then((d) => d.read),
  read: (id, seq) => call('POST', conv(id) + '/read', { seq }).then((d) => d.read),
  transfer: (id, team) => call('POST', conv(id) + '/transfer', { team }),
  // The desk's teams ({key, name}), for the transfer picker and the filter.
  teams: () => call('GET', '/teams').then((d) => d?.teams || []),
  // Every site's bot name ({site_id, site_key, name}).
  bots: () => call('GET', '/bots').then((d) => d?.bots || []),
  resolve: (id) => call('POST', conv(id) + '/resolve', {}),
  // Canned replies: the published KB articles of a conversation's site
  // (with several sites the server needs to be told which). Not every
  // server lets agents read them; callers treat 404/403 as "no canned
  // replies".
  articles: (siteId) => call('GET', '/articles?' + new URLSearchParams(siteId ? { status: 'published', site_id: siteId } : { status: 'published' }))
    .then((d) => (Array.isArray(d) ? d : d?.articles || [])),
};
