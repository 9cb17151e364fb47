// Attention: a short WebAudio beep (no sound file), the title badge
// "(3) Parley" for conversations waiting for the agent (new, or a visitor
// wrote), and browser notifications once the agent has turned them on.
let audio = null;
const KEY = 'parley.console.sound';
const NOTIFY = 'parley.console.notifications';

export const soundOn = () => localStorage.getItem(KEY) !== 'off';
export const setSound = (on) => localStorage.setItem(KEY, on ? 'on' : 'off');

// unlockAudio creates (or resumes) the audio context; browsers allow that
// only during a user gesture, so the app calls it on clicks and keys.
export function unlockAudio() {
  if (!audio) {
    const AC = window.AudioContext || window.webkitAudioContext;
    if (!AC) return;
    try { audio = new AC(); } catch (e) { return; }
  }
  if (audio.state === 'suspended') audio.resume().catch(() => {});
}

export function beep() {
  const root = document.documentElement; // a counter tests and curious agents can read
  root.dataset.beeps = String(Number(root.dataset.beeps || 0) + 1);
  if (!soundOn() || !audio || audio.state !== 'running') return;
  const t = audio.currentTime;
  const osc = audio.createOscillator();
  const gain = audio.createGain();
  osc.type = 'sine';
  osc.frequency.setValueAtTime(880, t);
  osc.frequency.setValueAtTime(1175, t + 0.12);
  gain.gain.setValueAtTime(0.0001, t);
  gain.gain.exponentialRampToValueAtTime(0.25, t + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.3);
  osc.connect(gain).connect(audio.destination);
  osc.start(t);
  osc.stop(t + 0.32);
}

// notifyState: 'unsupported', 'blocked' (the browser said no), 'on' or
// 'off' (the agent's choice, remembered; off until they turn it on).
export function notifyState() {
  if (!('Notification' in window)) return 'unsupported';
  if (Notification.permission === 'denied') return 'blocked';
  return Notification.permission === 'granted' && localStorage.getItem(NOTIFY) === 'on' ? 'on' : 'off';
}

// setNotify asks the browser's permission the first time (only ever from
// the agent's click) and remembers the choice.
export async function setNotify(on) {
  if (on && Notification.permission === 'default') await Notification.requestPermission();
  localStorage.setItem(NOTIFY, on && Notification.permission === 'granted' ? 'on' : 'off');
  return notifyState();
}

// notify shows one notification per conversation (a newer one replaces
// it); clicking it brings the tab forward and runs open.
export function notify(title, body, tag, open) {
  if (notifyState() !== 'on') return;
  try {
    const n = new Notification(title, { body: String(body).slice(0, 180), tag });
    n.onclick = () => { window.focus(); open(); n.close(); };
  } catch (e) { /* e.g. a browser that only notifies from a service worker */ }
}

export function badge(n) {
  document.title = n > 0 ? `(${n}) Parley` : 'Parley';
}
