// Keyboard shortcuts, active whenever focus is not in a text field:
// j/k move in the lists, Enter opens, t takes, r resolves, / focuses the
// reply box, ? shows the list. The list lives in index.html (#help).
export function installKeys(app) {
  document.addEventListener('keydown', (e) => {
    if (!app.signedIn || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
    const t = e.target instanceof Element ? e.target : document.body;
    if (t.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"], dialog')) return;
    switch (e.key) {
      case 'j':
        app.lists.move(1);
        break;
      case 'k':
        app.lists.move(-1);
        break;
      case 'Enter':
        if (t.closest('button, a, summary')) return; // the focused control does its own thing
        app.lists.openSelected();
        break;
      case 't':
        app.view.take();
        break;
      case 'r':
        app.view.resolve();
        break;
      case '/':
        app.composer.focus();
        break;
      case '?':
        app.help();
        break;
      default:
        return;
    }
    e.preventDefault();
  });
}
