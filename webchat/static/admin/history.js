// An article's version history (line diff against the current text,
// restore) and its translations (the slug in other languages).
import { api } from './api.js';
import { h, input, field, table, guard, dateTime } from './ui.js';
import { lineDiff, snapshot } from './diff.js';
import { statusBadge, staleBadge } from './kb.js';

// diffList renders lineDiff's result: added and removed lines marked by
// class and by a word for screen readers.
export function diffList(a, b) {
  const ops = lineDiff(a, b);
  const word = { '+': 'added', '-': 'removed', '=': '' };
  const cls = { '+': 'add', '-': 'del', '=': 'same' };
  return h('ol', { class: 'diff', 'aria-label': 'Changes' },
    ops.map((o) => h('li', { class: cls[o.op], dir: 'auto' }, word[o.op] ? h('span', { class: 'sr-only' }, word[o.op] + ': ') : '', o.text || ' ')));
}

// versionsPanel lists every version, newest first; "Compare" shows what
// changed from that version to the text in the editor now.
export function versionsPanel(art, current, restore) {
  const box = h('section', { class: 'card', 'aria-labelledby': 'hist-h', id: 'history' });
  const out = h('div', { id: 'diff-out' });
  const list = h('div', {});
  box.append(h('h3', { id: 'hist-h' }, 'Version history'), list, out);
  guard(list, 'Version history', async () => {
    const vs = await api.versions(art.id);
    list.replaceChildren(table('Versions', [
      { label: 'Version', cell: (v) => v.version, num: true },
      { label: 'Status', cell: statusBadge },
      { label: 'Title', cell: (v) => v.title },
      { label: 'By', cell: (v) => v.updated_by },
      { label: 'Saved', cell: (v) => dateTime(v.updated_at) },
      { label: 'Actions', cell: (v) => h('span', { class: 'bar' },
        h('button', { type: 'button', class: 'compare', 'data-version': v.version, onclick: () => compare(v) }, 'Compare with current'),
        v.version === art.version ? '' : h('button', { type: 'button', class: 'restore', 'data-version': v.version, onclick: () => restore(v.version) }, 'Restore')) },
    ], vs, 'No earlier versions.'));
  });
  function compare(v) {
    const now = { ...art, ...current() };
    out.replaceChildren(h('h4', {}, 'Version ' + v.version + ' → current'), diffList(snapshot(v), snapshot(now)));
  }
  return box;
}

// translations lists the other languages of the slug and starts a new
// translation prefilled from this article.
export function translations(art, current) {
  const others = (art.translations || []).filter((t) => t.id !== art.id);
  const lang = input('translation-language', '', { size: 6, required: true, placeholder: 'e.g. pl', dir: 'ltr' });
  const form = h('form', { class: 'bar' }, field('Language', lang), h('button', { type: 'submit' }, 'Add translation'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const l = lang.value.trim();
    if (!l) return;
    const { newArticle } = await import('./editor.js');
    const c = current();
    newArticle({ slug: c.slug, collection: c.collection, title: c.title, body: c.body, questions: c.questions, language: l });
  });
  return h('section', { class: 'card', 'aria-labelledby': 'tr-h', id: 'translations' }, h('h3', { id: 'tr-h' }, 'Translations'),
    table('Translations', [
      { label: 'Language', cell: (t) => h('a', { href: '#kb/' + encodeURIComponent(t.id) }, t.language) },
      { label: 'Status', cell: statusBadge },
      { label: 'Version', cell: (t) => t.version, num: true },
      { label: 'Updated', cell: (t) => dateTime(t.updated_at) },
      { label: '', cell: staleBadge },
    ], others, 'No other languages yet.'), form);
}
