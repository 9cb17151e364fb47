// crud renders a collection the admin edits record by record: a table, a
// "New" button, and one form (create or edit) driven by field specs. Used
// by intents, teams, SLA policies, agents, sites, proactive rules, webhooks
// and tokens, so each page only says what its records look like.
import { h, field, input, area, check, select, table, notice, guard, ask, secret, lines, commas, fromMap, toMap, announce } from './ui.js';

const get = (o, path) => path.split('.').reduce((x, k) => (x == null ? undefined : x[k]), o);
function put(o, path, v) {
  const ks = path.split('.');
  const last = ks.pop();
  let x = o;
  for (const k of ks) x = x[k] ??= {};
  x[last] = v;
}

const TYPES = {
  text: { make: (f, v) => input(f.key, v, f.attrs) },
  number: { make: (f, v) => input(f.key, v, { type: 'number', step: 'any', ...f.attrs }), parse: (s) => (s === '' ? null : Number(s)) },
  color: { make: (f, v) => input(f.key, v || '#1d4ed8', { type: 'color' }) },
  password: { make: (f) => input(f.key, '', { type: 'password', autocomplete: 'new-password' }), parse: (s) => s || undefined },
  textarea: { make: (f, v) => area(f.key, v, f.attrs) },
  lines: { make: (f, v) => area(f.key, (v || []).join('\n'), f.attrs), parse: lines },
  commas: { make: (f, v) => input(f.key, (v || []).join(', '), f.attrs), parse: commas },
  map: { make: (f, v) => area(f.key, fromMap(v), { placeholder: 'en: Hello!\npl: Dzień dobry!', ...f.attrs }), parse: toMap },
  checkbox: { make: (f, v) => check(f.key, v), read: (c) => c.checked },
  select: { make: (f, v) => select(f.key, f.options, v ?? f.options[0][0]) },
};

// form builds the fields for value; read() returns the body to send.
export function form(fields, value, isNew) {
  const ctl = [];
  const els = [];
  for (const f of fields) {
    if ((isNew && f.on === 'edit') || (!isNew && f.on === 'create')) continue; // e.g. a key is set once
    const t = TYPES[f.type || 'text'];
    const v = f.format ? f.format(get(value, f.key)) : get(value, f.key);
    const c = t.make(f, v);
    if (f.required && (isNew || f.type !== 'password')) c.required = true;
    ctl.push([f, t, c]);
    els.push(field(f.label, c, typeof f.hint === 'function' ? f.hint(value) : f.hint, f.wide ? 'wide' : ''));
  }
  const read = () => {
    const out = {};
    for (const [f, t, c] of ctl) {
      let v = t.read ? t.read(c) : c.value;
      if (t.parse) v = t.parse(v);
      if (f.parse) v = f.parse(v);
      if (v !== undefined) put(out, f.key, v);
    }
    return out;
  };
  return { els, read };
}

export function crud(box, spec) {
  const title = h('h2', {}, spec.title);
  const top = h('div', {});
  const list = h('div', {});
  const editor = h('div', {});
  box.replaceChildren(title, spec.intro ? h('p', { class: 'muted' }, spec.intro) : '', top, editor, list);
  let items = [];

  async function refresh() {
    const got = await guard(list, spec.title, spec.load);
    if (got === undefined) return;
    items = got;
    const cols = [...spec.columns, {
      label: 'Actions',
      cell: (it) => h('span', { class: 'bar' },
        spec.save && spec.canEdit !== false ? h('button', { type: 'button', onclick: () => open(it) }, 'Edit') : '',
        ...(spec.actions ? spec.actions(it, { refresh, top }) : []),
        spec.remove ? h('button', { type: 'button', onclick: () => remove(it) }, spec.removeLabel || 'Delete') : ''),
    }];
    list.replaceChildren(table(spec.title, cols, items, spec.empty));
  }

  async function remove(it) {
    if (!(await ask((spec.removeLabel || 'Delete') + ' ' + spec.name(it) + '?', spec.removeLabel || 'Delete'))) return;
    try {
      await spec.remove(it, items);
      announce('Deleted ' + spec.name(it));
      refresh();
    } catch (e) {
      top.replaceChildren(notice(e));
    }
  }

  function open(it) {
    const isNew = !it;
    const f = form(spec.fields, it || spec.blank || {}, isNew);
    const err = h('div', {});
    const el = h('form', { class: 'card', 'aria-label': (isNew ? 'New ' : 'Edit ') + spec.noun },
      h('h3', {}, isNew ? 'New ' + spec.noun : 'Edit ' + spec.noun + ': ' + spec.name(it)),
      h('div', { class: 'form' }, f.els), err,
      h('div', { class: 'bar' }, h('button', { type: 'submit', class: 'primary' }, isNew ? 'Create' : 'Save'),
        h('button', { type: 'button', onclick: () => editor.replaceChildren() }, 'Cancel')));
    el.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        const r = await spec.save(f.read(), it, items);
        editor.replaceChildren();
        top.replaceChildren(...(r?.secret ? [secret(spec.secretLabel || 'Secret', r.secret)] : []));
        announce('Saved ' + spec.noun);
        refresh();
      } catch (x) {
        err.replaceChildren(notice(x));
      }
    });
    editor.replaceChildren(el);
    el.querySelector('input, textarea, select')?.focus();
  }

  if (spec.save && spec.canCreate !== false) {
    title.after(h('div', { class: 'bar' }, h('button', { type: 'button', class: 'primary new', onclick: () => open(null) }, 'New ' + spec.noun)));
  }
  refresh();
  return { refresh, open };
}
