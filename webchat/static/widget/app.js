// The widget proper, loaded by /widget.js on first open (or at idle time for
// a visitor with a conversation to resume). start() returns what the page's
// window.Parley calls.
import { Client } from './client.js';
import { strings } from './i18n.js';
import { linkPolicy } from './markdown.js';
import { Panel } from './ui.js';

const stylesheet = (shadow, href) => new Promise((resolve) => {
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = href;
  link.onload = link.onerror = () => resolve();
  shadow.append(link);
});

export async function start(ctx) {
  // Emoji in colour: text fonts (DejaVu Sans) draw many in black and white.
  document.fonts.add(new FontFace('Parley Emoji', 'local("Apple Color Emoji"),local("Segoe UI Emoji"),local("Noto Color Emoji")',
    { unicodeRange: 'U+1F000-1FAFF,U+2600-27BF,U+2B00-2BFF,U+FE0F,U+200D' }));
  const base = new URL('./', import.meta.url);
  const [tr] = await Promise.all([strings(base, ctx.cfg.locale), stylesheet(ctx.shadow, new URL('panel.css', base).href)]);
  const client = new Client(ctx.cfg, ctx.emit);
  // The bot goes by the site's name for it (welcome.site.bot_name), else the locale's "Assistant".
  const t = (key, vars) => (key === 'bot' && String(client.store.get().site?.bot_name || '')) || tr(key, vars);
  const panel = new Panel(ctx, t, client, linkPolicy(ctx.cfg.script, ctx.cfg.linkHosts));
  client.connect();
  return {
    open: () => panel.open(),
    close: () => panel.close(),
    toggle: () => panel.toggle(),
    send: (text) => { client.connect(); return panel.sendText(text); },
    identify: () => { if (!client.idle) client.reconnect(); },
    shutdown: () => { client.forget(); panel.clear(); },
  };
}
