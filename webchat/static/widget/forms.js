// The offline form (email → contact frame) and the CSAT prompt (1–5 and an
// optional comment → csat frame). Both go through the outbox, so they survive
// a lost connection like messages do.
import { h } from './dom.js';

let ids = 0;
const uid = (p) => `pw-${p}-${++ids}`;

// done replaces a sent form with its thanks, keeping the focus in the panel.
function done(form, text) {
  const p = h('p', { role: 'status', tabindex: '-1' }, text);
  form.replaceChildren(p);
  p.focus();
}

export function offlineForm(t, submit) {
  const email = h('input', { type: 'email', required: true, autocomplete: 'email', maxlength: '254' });
  const name = h('input', { type: 'text', autocomplete: 'name', maxlength: '100' });
  const title = uid('off');
  const form = h('form', { class: 'card', 'aria-labelledby': title },
    h('strong', { id: title }, t('offlineTitle')),
    h('p', {}, t('offlineIntro')),
    h('label', {}, t('email'), email),
    h('label', {}, t('name'), name),
    h('button', { type: 'submit', class: 'primary' }, t('submit')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (!email.checkValidity()) { email.reportValidity(); return; }
    submit({ email: email.value.trim(), name: name.value.trim() || undefined });
    done(form, t('contactThanks'));
  });
  return form;
}

export function csatForm(t, submit) {
  let score = 0;
  const q = uid('csat');
  const stars = [1, 2, 3, 4, 5].map((n) => h('button', {
    type: 'button', 'aria-label': t('star', { n }), 'aria-pressed': 'false',
    onclick: () => {
      score = n;
      stars.forEach((b, i) => { b.setAttribute('aria-pressed', String(i === n - 1)); b.classList.toggle('on', i < n); });
      send.disabled = false;
    },
  }, '★'));
  const comment = h('textarea', { rows: '2', maxlength: '1000' });
  const send = h('button', { type: 'submit', class: 'primary', disabled: true }, t('submit'));
  const form = h('form', { class: 'card', 'aria-labelledby': q },
    h('strong', { id: q }, t('csatQ')),
    h('div', { class: 'stars', role: 'group', 'aria-labelledby': q }, stars),
    h('label', {}, t('comment'), comment),
    send);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (!score) return;
    submit({ score, comment: comment.value.trim() || undefined });
    done(form, t('csatThanks'));
  });
  return form;
}
