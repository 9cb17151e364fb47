// The article editor: fields, Markdown with a live preview (the widget's
// renderer, which builds DOM and never parses HTML), save, publish,
// unpublish, delete; history and translations below (history.js).
import { markdown } from '/widget/markdown.js';
import { api } from './api.js';
import { h, field, input, area, notice, ask, lines, announce, dateTime } from './ui.js';
import { statusBadge, staleBadge } from './kb.js';
import { versionsPanel, translations } from './history.js';

let prefill = null;

// newArticle opens an empty editor with some fields filled (a KB gap's
// question, or the source of a translation).
export function newArticle(fields) {
  prefill = fields;
  if (location.hash === '#kb/new') window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = '#kb/new';
}

// Links in the preview: web links only, never javascript: or data:.
const allow = (raw) => {
  try {
    const u = new URL(String(raw), location.href);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch (e) {
    return null;
  }
};

export function renderPreview(el, text) {
  el.replaceChildren(markdown(text, allow));
}

export async function editor(box, id) {
  let art = null;
  if (id !== 'new') {
    try {
      art = await api.article(id);
    } catch (e) {
      box.replaceChildren(h('p', {}, h('a', { href: '#kb' }, '← All articles')), notice(e, 'The article'));
      return;
    }
  }
  const start = art || { language: 'en', questions: [], body: '', ...(prefill || {}) };
  prefill = null;
  const f = {
    title: input('title', start.title, { required: true }),
    slug: input('slug', start.slug, { required: true, pattern: '[a-z0-9][a-z0-9-]*', dir: 'ltr' }),
    language: input('language', start.language, { required: true, size: 6, dir: 'ltr' }),
    collection: input('collection', start.collection),
    questions: area('questions', (start.questions || []).join('\n'), { rows: 5 }),
    body: area('body', start.body, { class: 'body', rows: 16 }),
  };
  const preview = h('div', { class: 'preview', id: 'preview', dir: 'auto', 'aria-live': 'off' });
  renderPreview(preview, f.body.value);
  f.body.addEventListener('input', () => renderPreview(preview, f.body.value));
  const head = h('div', {});
  const err = h('div', { id: 'editor-error' });
  const below = h('div', {});
  const btn = (label, cls, fn, idAttr) => h('button', { type: 'button', class: cls, id: idAttr, onclick: () => act(fn) }, label);
  const save = h('button', { type: 'submit', class: 'primary', id: 'save' }, art ? 'Save' : 'Save draft');
  const publish = btn('Publish', '', async () => { await persist(); art = await api.publish(art.id); }, 'publish');
  const unpublish = btn('Unpublish', '', async () => { art = await api.unpublish(art.id); }, 'unpublish');
  const del = btn('Delete…', 'danger', async () => {
    if (!(await ask('Delete “' + art.title + '” (' + art.language + ') and its history?', 'Delete'))) return;
    await api.deleteArticle(art.id);
    art = null;
    announce('Article deleted');
    location.hash = '#kb';
  }, 'delete');
  const form = h('form', { class: 'card', 'aria-label': 'Article' },
    h('div', { class: 'form' }, field('Title', f.title), field('Slug', f.slug, 'Lowercase letters, digits and dashes; shared by the translations.'),
      field('Language', f.language, 'e.g. en, pl, fa'), field('Collection', f.collection),
      field('Example questions', f.questions, 'One per line, as visitors would ask; the bot learns from them.', 'wide')),
    h('div', { class: 'editor' }, field('Body (Markdown)', f.body), h('div', {}, h('span', { class: 'hint', id: 'preview-h' }, 'Preview'), preview)),
    err, h('div', { class: 'bar' }, save, publish, unpublish, del));
  preview.setAttribute('aria-labelledby', 'preview-h');
  form.addEventListener('submit', (e) => { e.preventDefault(); act(persist); });
  box.replaceChildren(h('p', {}, h('a', { href: '#kb' }, '← All articles')), head, form, below);
  paint();

  function body() {
    return { title: f.title.value.trim(), slug: f.slug.value.trim(), language: f.language.value.trim(),
      collection: f.collection.value.trim(), questions: lines(f.questions.value), body: f.body.value };
  }
  function dirty() {
    if (!art) return true;
    const b = body();
    return b.title !== art.title || b.slug !== art.slug || b.language !== art.language || b.collection !== (art.collection || '') ||
      b.body !== art.body || b.questions.join('\n') !== (art.questions || []).join('\n');
  }
  async function persist() {
    if (!form.reportValidity()) throw new Error('Fill in the title, slug and language.');
    if (!art) {
      art = await api.createArticle({ ...body(), status: 'draft' });
      history.replaceState(null, '', '#kb/' + encodeURIComponent(art.id));
    } else if (dirty()) {
      art = await api.updateArticle(art.id, { ...body(), base_version: art.version });
    }
  }
  async function act(fn) {
    err.replaceChildren();
    for (const b of form.querySelectorAll('button')) b.disabled = true;
    try {
      await fn();
      if (art) {
        announce((art.status === 'published' ? 'Published' : 'Saved as draft') + ', version ' + art.version);
        art = await api.article(art.id); // with translations and staleness
      }
    } catch (e) {
      err.replaceChildren(notice(e));
    } finally {
      for (const b of form.querySelectorAll('button')) b.disabled = false;
      if (art) paint();
    }
  }
  function paint() {
    head.replaceChildren(h('h2', { dir: 'auto', id: 'editor-title' }, art ? art.title : 'New article'),
      art ? h('p', { class: 'bar', id: 'editor-state' }, statusBadge(art), staleBadge(art),
        h('span', { class: 'muted' }, 'Version ' + art.version + (art.updated_by ? ' · last saved by ' + art.updated_by : '') +
          (art.updated_at ? ' · ' + dateTime(art.updated_at) : ''))) : h('p', { class: 'muted' }, 'Not saved yet. “Save draft” keeps it from the bot until you publish.'));
    save.textContent = art ? 'Save' : 'Save draft';
    syncPublish();
    unpublish.hidden = art?.status !== 'published';
    del.hidden = !art;
    if (!art) return below.replaceChildren();
    below.replaceChildren(translations(art, body), versionsPanel(art, body, async (v) => {
      await act(async () => { art = await api.restore(art.id, v); });
      for (const k of ['title', 'slug', 'language', 'collection', 'body']) f[k].value = art[k] || '';
      f.questions.value = (art.questions || []).join('\n');
      renderPreview(preview, f.body.value);
      paint();
    }));
  }
  // A published article without changes has nothing to publish.
  function syncPublish() {
    const live = art?.status === 'published';
    publish.textContent = live && dirty() ? 'Save and publish' : live ? 'Published' : 'Publish';
    publish.disabled = live && !dirty();
  }
  for (const el of Object.values(f)) el.addEventListener('input', syncPublish);
}
