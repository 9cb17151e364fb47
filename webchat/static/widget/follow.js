// Keeps the newest content in view while the visitor is at the bottom of
// the log, and does not move a visitor who scrolled up to read: new
// messages then show a "New messages" pill that scrolls down. Whether the
// visitor is at the bottom is decided when they scroll, not after content
// was added (a long answer would otherwise look like "scrolled up"). The
// log shrinking (banner, typing line, email form) keeps the bottom too.
import { h } from './dom.js';

const NEAR = 40; // px from the bottom that still count as "at the bottom"

export class Follow {
  constructor(log, label) {
    this.log = log;
    this.stick = true;
    this.pill = h('button', { type: 'button', class: 'pill', hidden: true, 'aria-label': label }, label + ' ↓');
    this.pill.addEventListener('click', () => { this.bottom(); this.log.focus(); });
    this.el = h('div', { class: 'logbox' }, log, this.pill);
    log.addEventListener('scroll', () => {
      this.stick = log.scrollHeight - log.scrollTop - log.clientHeight <= NEAR;
      if (this.stick) this.pill.hidden = true;
    }, { passive: true });
    if (typeof ResizeObserver === 'function') new ResizeObserver(() => { if (this.stick) this.toEnd(); }).observe(log);
  }

  toEnd() { this.log.scrollTop = this.log.scrollHeight; }

  // bottom scrolls to the newest content and follows it again.
  bottom() {
    this.stick = true;
    this.pill.hidden = true;
    this.toEnd();
  }

  // added is called after content was added or grew: followed when the
  // visitor is at the bottom, else announced by the pill (news: new content
  // from someone else, not a redraw).
  added(news) {
    if (this.stick) this.toEnd();
    else if (news) this.pill.hidden = false;
  }
}
