// Knowledge base: articles grouped by collection, filtered by language,
// status and words in the title; export and import.
import { api, url, upload } from './api.js';
import { h, input, select, field, table, guard, notice, dateTime, announce } from './ui.js';

const filters = { language: '', status: '', q: '' };

// The filters live in the address (#kb?language=pl&status=draft), so a
// reload, Back from an article or a shared link shows the same list.
function fromHash() {
  const q = new URLSearchParams(location.hash.split('?')[1] || '');
  for (const k of Object.keys(filters)) filters[k] = q.get(k) || '';
}
function toHash() {
  const q = new URLSearchParams(Object.entries(filters).filter(([, v]) => v));
  const want = '#kb' + (q.size ? '?' + q : '');
  // Only while the list is the page shown (a late reload after an import
  // must not rewrite another page's address).
  if (/^#kb(\?|$)/.test(location.hash) && location.hash !== want) history.replaceState(null, '', want);
}

export function kbList(box) {
  if (location.hash.includes('?')) fromHash();
  const lang = input('language', filters.language, { size: 6, placeholder: 'any', list: 'kb-langs' });
  const status = select('status', [['', 'Any status'], ['draft', 'Draft'], ['published', 'Published']], filters.status);
  const q = input('q', filters.q, { type: 'search', placeholder: 'words in the title' });
  const langs = h('datalist', { id: 'kb-langs' });
  const result = h('div', { id: 'kb-list' });
  const msg = h('div', {});
  const file = h('input', { type: 'file', accept: '.csv,.zip,text/csv,application/zip', class: 'sr-only', id: 'kb-import' });
  file.addEventListener('change', async () => {
    const f = file.files[0];
    if (!f) return;
    try {
      const r = await upload('/articles/import', f);
      const errs = r.errors || [];
      msg.replaceChildren(h('p', { class: 'notice', role: 'status' },
        `Imported ${f.name}: ${r.created || 0} created, ${r.updated || 0} updated, ${errs.length} errors.`),
      errs.length ? table('Import errors', [{ label: 'Line', cell: (e) => e.line, num: true }, { label: 'Problem', cell: (e) => e.message }], errs) : '');
      load();
    } catch (e) {
      msg.replaceChildren(notice(e, 'Import'));
    }
    file.value = '';
  });
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter articles' },
    field('Language', lang), field('Status', status), field('Search', q), langs,
    h('button', { type: 'submit' }, 'Filter'));
  form.addEventListener('submit', (e) => { e.preventDefault(); load(); });
  status.addEventListener('change', () => load());

  box.replaceChildren(h('h2', {}, 'Knowledge base'),
    h('div', { class: 'bar' },
      h('a', { class: 'button primary', href: '#kb/new', id: 'kb-new' }, 'New article'),
      h('a', { class: 'button', href: url('/articles/export', { format: 'csv' }), download: 'articles.csv' }, 'Export CSV'),
      h('a', { class: 'button', href: url('/articles/export', { format: 'zip' }), download: 'articles.zip' }, 'Export zip'),
      h('label', { class: 'button', for: 'kb-import' }, 'Import CSV or zip…'), file),
    msg, form, result);

  async function load() {
    Object.assign(filters, { language: lang.value.trim(), status: status.value, q: q.value.trim() });
    toHash();
    const arts = await guard(result, 'The article list', () => api.articles(filters));
    if (!arts) return;
    langs.replaceChildren(...[...new Set(arts.map((a) => a.language))].sort().map((l) => h('option', { value: l })));
    const groups = new Map();
    for (const a of arts) {
      const c = a.collection || '';
      if (!groups.has(c)) groups.set(c, []);
      groups.get(c).push(a);
    }
    if (!arts.length) {
      result.replaceChildren(h('p', { class: 'muted' }, 'No articles match.'));
      return;
    }
    result.replaceChildren(...[...groups.keys()].sort().flatMap((c) => [
      h('h3', { class: 'group', dir: 'auto' }, c || 'No collection'),
      table('Articles in ' + (c || 'no collection'), COLUMNS, groups.get(c).sort((a, b) => a.slug.localeCompare(b.slug) || a.language.localeCompare(b.language))),
    ]));
    announce(arts.length + ' articles');
  }
  load();
}

export const statusBadge = (a) => h('span', { class: 'badge ' + (a.status === 'published' ? 'published' : 'draft') }, a.status === 'published' ? 'Published' : 'Draft');
export const staleBadge = (a) => (a.source_stale ? h('span', { class: 'badge stale', title: 'The source-language article changed since this translation was last saved' }, 'Translation out of date') : '');

const COLUMNS = [
  { label: 'Title', cell: (a) => h('span', {}, h('a', { href: '#kb/' + encodeURIComponent(a.id), class: 'title', dir: 'auto' }, a.title || a.slug), ' ', staleBadge(a)) },
  { label: 'Slug', cell: (a) => a.slug },
  { label: 'Language', cell: (a) => a.language },
  { label: 'Status', cell: statusBadge },
  { label: 'Version', cell: (a) => a.version, num: true },
  { label: 'Last editor', cell: (a) => a.updated_by },
  { label: 'Updated', cell: (a) => dateTime(a.updated_at) },
];
