// A small Markdown renderer for bot and agent messages that builds DOM nodes
// and never parses HTML: paragraphs, line breaks, bullet and numbered lists,
// **bold**, *italics*, `code` and [links](url). Links pass through `allow`
// (returns a safe absolute URL or null; a refused link stays plain text).
// Images are never rendered: ![alt](url) shows its alt text only, so a
// message cannot make the browser fetch a URL. Raw HTML shows as text.
const ITEM = /^\s*(?:[-*+]|\d{1,3}[.)])\s+/;

const el = (tag, text) => {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  return e;
};

export function markdown(text, allow) {
  const frag = document.createDocumentFragment();
  const lines = String(text).replace(/\r\n?/g, '\n').split('\n');
  // item is the last list item; gap, a blank line since it. A list goes on
  // past blank lines (a loose list) and takes indented or lazy lines into
  // its item, so "2." after a paragraph inside item 1 is still item 2.
  let para = null, list = null, item = null, gap = false;
  const end = () => { para = null; list = null; item = null; };
  for (const raw of lines) {
    const line = raw.trimEnd();
    if (!line.trim()) { para = null; gap = true; continue; }
    const m = ITEM.exec(line);
    if (m) {
      const ordered = /^\s*\d/.test(line);
      if (!list || (list.tagName === 'OL') !== ordered) {
        list = frag.appendChild(el(ordered ? 'ol' : 'ul'));
        para = null;
      }
      item = list.appendChild(el('li'));
      if (ordered) number(list, item, parseInt(m[0].trim(), 10));
      inline(item, line.replace(ITEM, ''), allow, 0);
      gap = false;
      continue;
    }
    const heading = /^\s{0,3}#{1,6}\s+/.test(line);
    if (item && !heading && (!gap || /^\s/.test(raw))) {
      // A continuation of the item: the next line, or an indented paragraph.
      item.append(el('br'));
      if (gap) item.append(el('br'));
      inline(item, line.trim(), allow, 0);
      gap = false;
      continue;
    }
    if (gap) end();
    gap = false;
    if (heading || !para) {
      para = frag.appendChild(el('p'));
      list = null;
      item = null;
    } else {
      para.append(el('br'));
    }
    if (heading) {
      inline(para.appendChild(el('strong')), line.replace(/^\s*#+\s+/, ''), allow, 1);
      para = null;
    } else {
      inline(para, line, allow, 0);
    }
  }
  return frag;
}

// number keeps an ordered item's number as written: the list starts at its
// first item's number, and an item numbered otherwise than the one before
// plus one says so, so a passage that starts at step 2 shows 2.
function number(list, item, n) {
  if (list.children.length === 1) {
    if (n !== 1) list.start = n;
  } else if (n !== list.next) {
    item.value = n;
  }
  list.next = n + 1;
}

// link parses [text](url "title") at s[i] === '['; the URL may hold
// balanced parentheses, the text no brackets (an inner link wins).
function link(s, i) {
  const mid = s.indexOf('](', i);
  if (mid < 0 || s.indexOf(']', i) !== mid || s.slice(i + 1, mid).includes('[')) return null;
  let close = mid + 2;
  for (let depth = 0; close < s.length; close++) {
    if (s[close] === '(') depth++;
    else if (s[close] === ')' && depth-- === 0) break;
  }
  if (close >= s.length) return null;
  const url = s.slice(mid + 2, close).trim().split(/\s+/)[0];
  return { text: s.slice(i + 1, mid), url, end: close + 1 };
}

const none = () => null;

function inline(parent, s, allow, depth) {
  let buf = '';
  const flush = () => { if (buf) parent.append(document.createTextNode(buf)); buf = ''; };
  const wrap = (tag, inner, noLinks) => {
    flush();
    const e = parent.appendChild(el(tag));
    if (depth < 4) inline(e, inner, noLinks ? none : allow, depth + 1); else e.textContent = inner;
  };
  for (let i = 0; i < s.length;) {
    const c = s[i], n = s[i + 1];
    if (c === '\\' && n && '\\`*_[]()!#+-.<>'.includes(n)) { buf += n; i += 2; continue; }
    if (c === '`') {
      const j = s.indexOf('`', i + 1);
      if (j > i + 1) { flush(); parent.append(el('code', s.slice(i + 1, j))); i = j + 1; continue; }
    }
    if ((c === '*' || c === '_') && n === c) {
      const j = s.indexOf(c + c, i + 2);
      if (j > i + 2) { wrap('strong', s.slice(i + 2, j)); i = j + 2; continue; }
    }
    if ((c === '*' || c === '_') && n && n !== ' ' && n !== c && (c === '*' || !/\w/.test(s[i - 1] || ''))) {
      let j = i + 1;
      for (;;) {
        j = s.indexOf(c, j + 1);
        if (j < 0 || (s[j - 1] !== ' ' && s[j + 1] !== c && !(c === '_' && /\w/.test(s[j + 1] || '')))) break;
        if (s[j + 1] === c) j++;
      }
      if (j > i + 1) { wrap('em', s.slice(i + 1, j)); i = j + 1; continue; }
    }
    if (c === '!' && n === '[') {
      const m = link(s, i + 1);
      if (m) { buf += m.text; i = m.end; continue; } // images: alt text only
    }
    if (c === '[') {
      const m = link(s, i);
      if (m) {
        const href = allow(m.url);
        if (href) {
          flush();
          const a = parent.appendChild(el('a'));
          a.href = href;
          a.target = '_blank';
          a.rel = 'noopener noreferrer';
          inline(a, m.text, none, depth + 1);
        } else {
          buf += m.text;
        }
        i = m.end;
        continue;
      }
    }
    buf += c;
    i++;
  }
  flush();
}

// linkPolicy returns allow(url): http(s) or relative URLs (resolved against
// the Parley server) whose host is Parley's, the page's, or listed in
// data-link-hosts ("example.com", "*.example.com").
export function linkPolicy(parleyURL, extra) {
  const hosts = new Set([new URL(parleyURL).host, location.host]);
  return (raw) => {
    let u;
    try { u = new URL(String(raw), parleyURL); } catch (e) { return null; }
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
    if (u.username || u.password) return null;
    const ok = hosts.has(u.host) || extra.some((h) => h === u.host || h === u.hostname ||
      (h.startsWith('*.') && u.hostname.endsWith(h.slice(1))));
    return ok ? u.href : null;
  };
}
