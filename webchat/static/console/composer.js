// The reply box: Enter sends, Shift+Enter is a new line; the internal-note
// toggle posts with private=true (agents only, never the visitor, and no
// typing indicator for the visitor while writing one); "/" opens canned
// replies; typing frames go out while writing a reply.
import { api } from './api.js';
import { $, announce } from './dom.js';
import { Canned } from './canned.js';
import { upload } from './files.js';

const IDLE = 4000; // typing stops this long after the last keystroke

export class Composer {
  constructor(app) {
    this.app = app;
    this.box = $('#reply');
    this.note = $('#note-toggle');
    this.form = $('#composer');
    this.conv = null;
    this.idle = 0;
    this.sending = false;
    this.canned = new Canned(this.box, $('#canned'), () => this.changed());
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.send();
    });
    this.box.addEventListener('keydown', (e) => {
      if (this.canned.key(e)) return;
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && !e.ctrlKey && !e.altKey && !e.metaKey) {
        e.preventDefault();
        this.send();
      } else if (e.key === 'Escape') this.box.blur();
    });
    this.box.addEventListener('input', () => this.changed());
    this.box.addEventListener('blur', () => this.canned.close());
    this.note.addEventListener('change', () => this.mode());
    $('#attach').addEventListener('click', () => $('#file').click());
    // The emoji picker, shared with the widget, loads on first use (again after a failed fetch).
    $('#emoji').addEventListener('click', () => (this.emoji ||= import('./emoji.js').then((m) => new m.Picker($('#emoji'), this.box, 'en'))).then((p) => p.toggle(), () => { this.emoji = null; }));
    $('#file').addEventListener('change', () => { this.sendFiles($('#file').files); $('#file').value = ''; });
    this.box.addEventListener('paste', (e) => { if (e.clipboardData.files.length) { e.preventDefault(); this.sendFiles(e.clipboardData.files); } });
    this.form.addEventListener('dragover', (e) => { if (e.dataTransfer.types.includes('Files')) e.preventDefault(); });
    this.form.addEventListener('drop', (e) => { if (e.dataTransfer.files.length) { e.preventDefault(); this.sendFiles(e.dataTransfer.files); } });
    this.mode();
  }

  // sendFiles uploads each file to the open conversation and posts it as a
  // message of its own (a note in note mode).
  async sendFiles(files) {
    const st = $('#upload'), hint = 'Enter sends · Shift+Enter new line';
    for (const file of [...files]) {
      const id = this.conv?.id;
      if (!id) return;
      $('#conv-error').textContent = '';
      try {
        st.textContent = `Uploading ${file.name}… 0%`;
        const a = await upload(id, file, (p) => { st.textContent = `Uploading ${file.name}… ${Math.round(p * 100)}%`; });
        const r = await api.reply(id, '', this.note.checked, [a.id]);
        if (r?.message) this.app.view.add(r.message);
        announce(`${file.name} sent.`);
      } catch (e) {
        if (e.status !== 401) $('#conv-error').textContent = `${file.name}: ${e.message}`;
      }
      st.textContent = hint;
    }
  }

  // attach follows the open conversation; a different one starts clean.
  attach(c) {
    const other = this.conv?.id !== c.id;
    if (other) {
      this.stopTyping();
      this.box.value = '';
      this.note.checked = false;
      this.canned.close();
    }
    this.conv = c;
    this.canned.lang = c.language || '';
    this.canned.forSite(c.site_id);
    this.form.hidden = false;
    this.mode();
  }

  focus() {
    if (!this.form.hidden && this.conv) this.box.focus();
  }

  mode() {
    const note = this.note.checked;
    this.form.classList.toggle('note-mode', note);
    $('#reply-label').textContent = note ? 'Internal note (agents only)' : 'Reply to the visitor';
    $('#send').textContent = note ? 'Add note' : 'Send';
    if (note) this.stopTyping();
    this.box.placeholder = note ? 'Internal note: only agents see it'
      : this.conv?.mode === 'resolved' ? 'Resolved: it reopens when the visitor writes. Notes are still possible.'
        : 'Reply… (Enter sends, Shift+Enter new line, / canned replies)';
  }

  changed() {
    this.canned.update();
    if (!this.conv || this.note.checked) return;
    const text = this.box.value.trim();
    if (!text || text.startsWith('/')) {
      this.stopTyping();
      return;
    }
    this.app.feed.typing(this.conv.id, true);
    clearTimeout(this.idle);
    this.idle = setTimeout(() => this.stopTyping(), IDLE);
  }

  stopTyping() {
    clearTimeout(this.idle);
    if (this.conv) this.app.feed.typing(this.conv.id, false);
  }

  async send() {
    const text = this.box.value.trim();
    if (!text || !this.conv || this.sending) return;
    const note = this.note.checked;
    const id = this.conv.id;
    this.sending = true;
    $('#send').disabled = true;
    $('#conv-error').textContent = '';
    try {
      const r = await api.reply(id, text, note);
      this.stopTyping();
      if (this.conv?.id === id) this.box.value = '';
      if (r?.message) this.app.view.add(r.message);
      announce(note ? 'Note added.' : 'Reply sent.');
      if (!note) {
        this.app.lists.schedule(); // a reply to a queued conversation takes it
        this.app.view.schedule(); // SLA: first response, next due
      }
    } catch (e) {
      if (e.status !== 401) $('#conv-error').textContent = e.message;
    } finally {
      this.sending = false;
      $('#send').disabled = false;
    }
  }
}
