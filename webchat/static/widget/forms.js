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

// offlineForm is shown while nobody can answer: when the team is back
// (opens, from status.opens_at), the site's away text (in the visitor's
// language) when it has one, and the email form.
// Its button says what it does, so the panel has one "Send" (the composer).
export function offlineForm(t, away, opens, submit) {
  const email = h('input', { type: 'email', required: true, autocomplete: 'email', maxlength: '254' });
  const name = h('input', { type: 'text', autocomplete: 'name', maxlength: '100' });
  const title = uid('off');
  const form = h('form', { class: 'card', 'aria-labelledby': title },
    h('strong', { id: title }, t('offlineTitle')),
    opens ? h('p', { class: 'opens' }, t('opens', { when: opens })) : '',
    away ? h('p', { class: 'away', dir: 'auto' }, away) : '',
    h('p', {}, t('offlineIntro')),
    h('label', {}, t('email'), email),
    h('label', {}, t('name'), name),
    h('button', { type: 'submit', class: 'primary' }, t('leaveEmail')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (!email.checkValidity()) { email.reportValidity(); return; }
    submit({ email: email.value.trim(), name: name.value.trim() || undefined });
    done(form, t('contactThanks'));
  });
  return form;
}

// npsForm is the survey under the bot's NPS question: 0–10, an optional
// comment, then thanks. given is the score already sent (a reload).
export function npsForm(t, given, submit) {
  const q = uid('nps');
  if (given !== undefined) return h('p', { class: 'nps', role: 'status' }, t('npsThanks'));
  let score = -1;
  const buttons = [...Array(11).keys()].map((n) => h('button', {
    type: 'button', 'aria-label': t('npsScore', { n }), 'aria-pressed': 'false',
    onclick: () => {
      score = n;
      buttons.forEach((b, i) => b.setAttribute('aria-pressed', String(i === n)));
      send.disabled = false;
    },
  }, String(n)));
  const comment = h('textarea', { rows: '2', maxlength: '1000' });
  const send = h('button', { type: 'submit', class: 'primary', disabled: true }, t('submit'));
  const form = h('form', { class: 'nps', 'aria-labelledby': q },
    h('strong', { id: q, dir: 'auto' }, t('npsQ')),
    h('div', { class: 'scale', role: 'group', 'aria-labelledby': q }, buttons),
    h('div', { class: 'ends', 'aria-hidden': 'true' }, h('span', {}, t('npsLow')), h('span', {}, t('npsHigh'))),
    h('label', {}, t('comment'), comment),
    send);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (score < 0) return;
    submit({ score, comment: comment.value.trim() || undefined });
    done(form, t('npsThanks'));
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

// transcriptForm asks where to email the conversation (known prefilled);
// send returns the frame's client_id, whose ack confirms it went out.
export function transcriptForm(t, known, send, client, close) {
  const email = h('input', { type: 'email', required: true, autocomplete: 'email', maxlength: '254', value: known || null });
  const note = h('p', { role: 'status' });
  const title = uid('tr');
  const form = h('form', { class: 'card', 'aria-labelledby': title },
    h('strong', { id: title }, t('emailTranscript')),
    h('label', {}, t('email'), email), note,
    h('div', { class: 'row' }, h('button', { type: 'submit', class: 'primary' }, t('submit')),
      h('button', { type: 'button', class: 'link', onclick: close }, t('cancel'))));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (!email.checkValidity()) { email.reportValidity(); return; }
    const addr = email.value.trim(), id = send(addr);
    note.textContent = t('sending');
    client.on('ack', (a) => { if (a.client_id === id) done(form, t('transcriptSent', { email: addr })); });
    client.on('failed', (f) => { if (f.client_id === id) note.textContent = t('transcriptFailed'); });
  });
  queueMicrotask(() => email.focus());
  return form;
}
