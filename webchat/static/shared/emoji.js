// The emoji picker, shared by the widget (/widget/emoji.js) and the console
// (/console/emoji.js). Neither loads it until its emoji button is pressed,
// so it costs the widget nothing on open. Self-contained: the two apps'
// own modules differ.
//
// Keyboard: the category tabs and the grid are one Tab stop each; arrows
// move (Home/End to the ends), Enter or Space inserts, Esc closes and gives
// focus back to the button; tabbing out closes it. Each emoji is its own character for a screen
// reader, which names it in the reader's language.
const SETS = [
  ['😀', 'smileys', '😀 😃 😄 😁 😆 😅 😂 🤣 😊 😇 🙂 😉 😌 😍 🥰 😘 😋 😜 🤪 🤗 🤔 🤨 😐 😶 🙄 😏 😬 😮 😲 😳 🥺 😢 😭 😤 😠 😡 🤯 😱 😴 🤒 🤧 😎 🤓 🥳 😵 🙃 🫠 🤝'],
  ['👍', 'people', '👍 👎 👌 ✌️ 🤞 🤟 👏 🙌 👐 🙏 💪 👋 🤙 👉 👈 👆 👇 ☝️ ✋ 🤚 🖐️ 🫶 ✍️ 🤷 🤦 🙋 🙇 💁 🙆 🙅 👀 🧠'],
  ['❤️', 'symbols', '❤️ 🧡 💛 💚 💙 💜 🖤 🤍 💔 💯 ✅ ☑️ ✔️ ❌ ❗ ❓ ⚠️ ⭐ 🌟 ✨ 🔥 💥 🎉 🎊 💡 📌 🔔 ⏰ ⌛ 🆗 🆕 ➡️'],
  ['🐶', 'nature', '🐶 🐱 🐭 🐰 🦊 🐻 🐼 🐨 🐯 🦁 🐮 🐷 🐸 🐵 🐔 🐧 🐦 🦄 🐝 🦋 🐢 🐙 🐬 🌸 🌻 🌹 🌳 🍀 🌈 ☀️ 🌙 ❄️'],
  ['🍕', 'food', '☕ 🍵 🍺 🍷 🥂 🍎 🍌 🍓 🍒 🍑 🍉 🍋 🥑 🥕 🌽 🍞 🧀 🍳 🍔 🍟 🍕 🌮 🍣 🍜 🍰 🎂 🍪 🍫 🍩 🍿'],
  ['💼', 'objects', '💼 📦 📱 💻 🖥️ ⌨️ 🖨️ 📷 📞 ✉️ 📧 📎 📝 📅 📊 🔒 🔑 🛒 💳 💰 🧾 🚚 ✈️ 🚗 🏠 🏢 ⚽ 🎁 🎵 🎮 🔧 ⚙️'],
];

// The tabs' names, by the widget's locales; the console passes 'en'.
const NAMES = {
  en: ['Emoji', 'Smileys', 'People and gestures', 'Symbols', 'Animals and nature', 'Food and drink', 'Objects and travel'],
  ru: ['Эмодзи', 'Смайлики', 'Люди и жесты', 'Символы', 'Животные и природа', 'Еда и напитки', 'Предметы и поездки'],
  pl: ['Emoji', 'Buźki', 'Ludzie i gesty', 'Symbole', 'Zwierzęta i natura', 'Jedzenie i napoje', 'Przedmioty i podróże'],
  sr: ['Емоџи', 'Смајлији', 'Људи и гестови', 'Симболи', 'Животиње и природа', 'Храна и пиће', 'Предмети и путовања'],
  'sr-Latn': ['Emodži', 'Smajliji', 'Ljudi i gestovi', 'Simboli', 'Životinje i priroda', 'Hrana i piće', 'Predmeti i putovanja'],
  hy: ['Էմոջի', 'Սմայլիներ', 'Մարդիկ և ժեստեր', 'Նշաններ', 'Կենդանիներ և բնություն', 'Ուտելիք և խմիչք', 'Առարկաներ և ճամփորդություն'],
  kk: ['Эмодзи', 'Смайликтер', 'Адамдар мен ым-ишара', 'Белгілер', 'Жануарлар мен табиғат', 'Тағам мен сусын', 'Заттар мен саяхат'],
  fa: ['ایموجی', 'شکلک‌ها', 'آدم‌ها و اشاره‌ها', 'نمادها', 'حیوانات و طبیعت', 'خوراکی و نوشیدنی', 'اشیا و سفر'],
};

const COLS = 8;

const el = (tag, attrs, ...kids) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...kids);
  return e;
};

// insert puts text at the caret (replacing a selection) and tells the
// field's listeners, as typing would (typing indicators, canned replies).
export function insert(field, text) {
  const start = field.selectionStart ?? field.value.length, end = field.selectionEnd ?? start;
  field.setRangeText(text, start, end, 'end');
  field.dispatchEvent(new Event('input', { bubbles: true }));
  field.focus();
}

const styled = new WeakSet();

// Picker is one popup above a composer: toggle() opens or closes it next to
// its button; picking inserts into field and closes.
export class Picker {
  constructor(button, field, lang) {
    this.button = button;
    this.field = field;
    const names = NAMES[lang] || NAMES[String(lang).split('-')[0]] || NAMES.en;
    this.tabs = el('div', { role: 'tablist', class: 'emoji-tabs', 'aria-label': names[0] });
    this.grid = el('div', { role: 'tabpanel', class: 'emoji-grid' });
    // tabindex: a click on its padding keeps the focus inside (see focusout)
    this.el = el('div', { role: 'dialog', class: 'emoji-pop', 'aria-label': names[0], hidden: '', tabindex: '-1' }, this.tabs, this.grid);
    SETS.forEach(([icon], i) => this.tabs.append(el('button', {
      type: 'button', role: 'tab', class: 'emoji-tab', 'aria-label': names[i + 1], title: names[i + 1], tabindex: '-1',
    }, icon)));
    this.tabs.addEventListener('click', (e) => {
      const b = e.target.closest('button');
      if (b) this.show([...this.tabs.children].indexOf(b));
    });
    this.tabs.addEventListener('keydown', (e) => this.move(e, [...this.tabs.children], 1, (b) => this.show([...this.tabs.children].indexOf(b))));
    this.grid.addEventListener('click', (e) => {
      const b = e.target.closest('button');
      if (b) this.pick(b.textContent);
    });
    this.grid.addEventListener('keydown', (e) => this.move(e, [...this.grid.children], COLS));
    this.el.addEventListener('keydown', (e) => {
      e.stopPropagation(); // not the page's shortcuts, and Esc closes only the picker
      if (e.key !== 'Escape') return;
      e.preventDefault();
      this.close();
    });
    // Tabbing out of it, like clicking elsewhere, closes it.
    this.el.addEventListener('focusout', (e) => {
      const to = e.relatedTarget;
      if (!this.el.contains(to) && to !== button) this.close(false);
    });
    this.away = (e) => { if (!e.composedPath().includes(this.el) && !e.composedPath().includes(button)) this.close(false); };
    button.setAttribute('aria-expanded', 'false');
    const host = button.closest('form') || button.parentNode; // above the whole composer
    host.classList.add('emoji-host');
    host.append(this.el);
    const root = button.getRootNode();
    if (!styled.has(root)) {
      styled.add(root);
      (root.head || root).append(el('link', { rel: 'stylesheet', href: new URL('emoji.css', import.meta.url).href }));
    }
    this.show(0);
  }

  get open() { return !this.el.hidden; }

  toggle() { if (this.open) this.close(); else this.show(this.cat, true); }

  // show selects category i; focus moves to its first emoji when asked.
  show(i, focus) {
    this.cat = i;
    [...this.tabs.children].forEach((b, j) => {
      b.setAttribute('aria-selected', String(i === j));
      b.tabIndex = i === j ? 0 : -1;
    });
    this.grid.setAttribute('aria-label', this.tabs.children[i].getAttribute('aria-label'));
    this.grid.replaceChildren(...SETS[i][2].split(' ').map((c, j) => el('button', { type: 'button', class: 'emoji', tabindex: j ? '-1' : '0' }, c)));
    if (focus !== undefined && this.el.hidden) {
      this.el.hidden = false;
      this.button.setAttribute('aria-expanded', 'true');
      document.addEventListener('pointerdown', this.away, true);
    }
    if (focus) this.grid.firstChild.focus();
  }

  // move is a roving tabindex over items, step items to a row.
  move(e, items, step, chosen) {
    const at = items.indexOf(e.target);
    if (at < 0) return;
    const rtl = getComputedStyle(this.el).direction === 'rtl';
    const to = {
      ArrowRight: rtl ? at - 1 : at + 1, ArrowLeft: rtl ? at + 1 : at - 1,
      ArrowDown: at + step, ArrowUp: at - step, Home: 0, End: items.length - 1,
    }[e.key];
    if (to === undefined || step === 1 && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) return;
    e.preventDefault();
    const next = items[Math.max(0, Math.min(items.length - 1, to))];
    if (chosen) { chosen(next); this.tabs.children[this.cat].focus(); return; }
    e.target.tabIndex = -1;
    next.tabIndex = 0;
    next.focus();
  }

  pick(text) {
    this.close(false);
    insert(this.field, text);
  }

  close(refocus = true) {
    if (this.el.hidden) return;
    this.el.hidden = true;
    this.button.setAttribute('aria-expanded', 'false');
    document.removeEventListener('pointerdown', this.away, true);
    if (refocus) this.button.focus();
  }
}
