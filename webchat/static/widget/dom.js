// DOM helpers. h() sets attributes and appends children; strings always
// become text nodes, so untrusted text can never become markup.
export function h(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const k of kids.flat()) {
    if (k !== null && k !== undefined && k !== false) e.append(typeof k === 'string' ? document.createTextNode(k) : k);
  }
  return e;
}

// clean strips bidi embedding, override and isolate controls (U+202A–U+202E,
// U+2066–U+2069) from names, so a name cannot reorder the text around it.
export const clean = (s) => String(s ?? '').replace(/[\u202a-\u202e\u2066-\u2069]/g, '').trim();
