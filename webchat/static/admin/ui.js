// Shared pieces of the admin pages: notices, form fields, tables, the
// confirm dialog, one-time secrets. Everything from the server becomes text
// (h() makes text nodes of strings); user content carries dir="auto".
import { h, $, clean, dateTime, announce } from '/console/dom.js';
import { missing } from './api.js';

export { h, $, clean, dateTime, announce };

// notice explains a failed call inline: a route this server lacks is said
// plainly, anything else shows the server's message.
export function notice(err, what) {
  if (missing(err)) {
    return h('p', { class: 'notice', role: 'status' },
      (what || 'This page') + ' is not available on this server yet (' + err.message.replace(/^no such API route:\s*/i, '') + ').');
  }
  return h('p', { class: 'notice err', role: 'alert' }, (what ? what + ': ' : '') + (err?.message || String(err)));
}

// guard runs a loader and shows its failure in place of the content.
export async function guard(box, what, fn) {
  try {
    return await fn();
  } catch (e) {
    box.replaceChildren(notice(e, what));
    return undefined;
  }
}

let seq = 0;
const uid = (p) => p + '-' + (++seq);

// field wraps a control in its label (and a hint, linked by aria-describedby).
export function field(label, control, hint, cls) {
  control.id ||= uid('f');
  const kids = [label, control];
  if (hint) {
    const hid = uid('h');
    control.setAttribute('aria-describedby', hid);
    kids.push(h('span', { class: 'hint', id: hid }, hint));
  }
  if (control.type === 'checkbox') return h('label', { class: 'check ' + (cls || ''), for: control.id }, control, label);
  return h('label', { class: 'f ' + (cls || ''), for: control.id }, ...kids);
}

export const input = (name, value, attrs = {}) => h('input', { name, value: value ?? '', dir: 'auto', ...attrs });
export const area = (name, value, attrs = {}) => {
  const t = h('textarea', { name, dir: 'auto', rows: 4, ...attrs });
  t.value = value ?? '';
  return t;
};
export const check = (name, on) => {
  const c = h('input', { name, type: 'checkbox' });
  c.checked = !!on;
  return c;
};
export function select(name, options, value) {
  const s = h('select', { name }, options.map(([v, label]) => h('option', { value: v }, label)));
  s.value = value ?? '';
  return s;
}

// table renders rows under columns [{label, cell(row) → node|string, num}].
export function table(caption, columns, rows, empty = 'Nothing here yet.') {
  if (!rows.length) return h('p', { class: 'muted' }, empty);
  return h('table', {}, caption ? h('caption', { class: 'sr-only' }, caption) : null,
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c.label)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, columns.map((c) => {
      const v = c.cell(r);
      return h('td', { class: c.num ? 'num' : null, dir: c.num ? null : 'auto' }, v === null || v === undefined ? '' : typeof v === 'object' ? v : String(v));
    })))));
}

// ask is a confirm dialog in the page (no window.confirm).
export function ask(text, yes = 'Yes') {
  const d = $('#ask');
  $('#ask-text').textContent = text;
  $('#ask-yes').textContent = yes;
  d.showModal();
  $('#ask-no').focus();
  return new Promise((resolve) => {
    const done = (v) => () => { d.close(); resolve(v); };
    $('#ask-yes').onclick = done(true);
    $('#ask-no').onclick = done(false);
    d.oncancel = done(false);
  });
}

// secret shows a value the server returns once, with a copy button.
export function secret(label, value) {
  const code = h('code', { class: 'secret' }, value);
  const btn = h('button', { type: 'button', class: 'copy' }, 'Copy');
  btn.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(value);
      btn.textContent = 'Copied';
    } catch (e) {
      getSelection().selectAllChildren(code); // the clipboard may be denied: select it for Ctrl+C
      btn.textContent = 'Press Ctrl+C';
    }
    announce(btn.textContent);
  });
  return h('div', { class: 'card one-time', role: 'status' },
    h('p', {}, h('strong', {}, label), ' — shown only this once; copy it now.'), h('div', { class: 'bar' }, code, btn));
}

// lines and list convert between arrays and one-per-line / comma text.
export const lines = (s) => String(s || '').split('\n').map((x) => x.trim()).filter(Boolean);
export const commas = (s) => String(s || '').split(',').map((x) => x.trim()).filter(Boolean);

// langMap converts {lang: text} to "lang: text" lines and back.
export const fromMap = (m) => Object.entries(m || {}).map(([k, v]) => k + ': ' + v).join('\n');
export function toMap(s) {
  const out = {};
  for (const line of lines(s)) {
    const i = line.indexOf(':');
    if (i > 0) out[line.slice(0, i).trim()] = line.slice(i + 1).trim();
  }
  return out;
}

export const pct = (x) => (x === null || x === undefined ? '—' : (x * 100).toFixed(1) + '%');
export function dur(s) {
  if (s === null || s === undefined) return '—';
  if (s < 60) return Math.round(s) + 's';
  if (s < 3600) return (s / 60).toFixed(1) + 'm';
  return (s / 3600).toFixed(1) + 'h';
}
