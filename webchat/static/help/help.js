// The help center's only script: "Chat with us" opens the widget. The
// button stays hidden without JavaScript (nothing to open then). Calls made
// before widget.js has loaded are queued in Parley.q, as the embed snippet
// in docs/widget.md does.
window.Parley = window.Parley || function () { (window.Parley.q = window.Parley.q || []).push(arguments); };
for (const b of document.querySelectorAll('[data-chat]')) {
  b.hidden = false;
  b.addEventListener('click', () => window.Parley('open'));
}
