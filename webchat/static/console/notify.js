// Attention: a short WebAudio beep (no sound file) and the title badge
// "(3) Parley" for new handoffs the agent has not opened yet.
let audio = null;
const KEY = 'parley.console.sound';

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

export function badge(n) {
  document.title = n > 0 ? `(${n}) Parley` : 'Parley';
}
