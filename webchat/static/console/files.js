// Attachments in the console: uploading one to the open conversation (with
// progress) and showing a message's meta.attachments, images as thumbnails
// that open the full file, others as links with name and size. Agents
// fetch files with their session, so links need no signature.
import { h } from './dom.js';

export const size = (n) => n < 1024 ? n + ' B' : n < 1048576 ? Math.round(n / 1024) + ' KB' : (n / 1048576).toFixed(1) + ' MB';

let max = null; // the server's upload limit, asked once
const limit = () => max || (max = fetch('/api/v1/visitor/attachments/limits').then((r) => r.json())
  .then((d) => Number(d.max_bytes) || 0, () => { max = null; return 0; }));

// upload posts file to conversation id; progress gets 0–1. It resolves to
// the attachment, or rejects with the reason (a file over the limit is
// refused before it is sent).
export async function upload(id, file, progress) {
  const top = await limit();
  if (top && file.size > top) throw new Error(`The file is ${size(file.size)}; the limit is ${size(top)}.`);
  const f = new FormData();
  f.append('file', file, file.name);
  return new Promise((resolve, reject) => {
    const x = new XMLHttpRequest();
    x.open('POST', '/api/v1/conversations/' + encodeURIComponent(id) + '/attachments');
    x.setRequestHeader('X-Parley-CSRF', '1');
    x.upload.onprogress = (e) => e.lengthComputable && progress(e.loaded / e.total);
    x.onerror = () => reject(new Error('The server cannot be reached.'));
    x.onload = () => {
      let body = {};
      try { body = JSON.parse(x.responseText); } catch (e) { /* not JSON */ }
      if (x.status === 201 && body.attachment) resolve(body.attachment);
      else reject(new Error(body.error?.message || 'Upload failed (' + x.status + ').'));
    };
    x.send(f);
  });
}

// fileList renders attachment refs, or null when there are none.
export function fileList(refs) {
  const list = (Array.isArray(refs) ? refs : []).filter((r) => r && typeof r.id === 'string');
  if (!list.length) return null;
  return h('div', { class: 'files' }, list.map((r) => {
    const href = '/api/v1/attachments/' + encodeURIComponent(r.id), name = String(r.name || 'file');
    return r.image
      ? h('a', { class: 'file thumb', href, target: '_blank', rel: 'noopener', title: name + ' (' + size(r.size || 0) + ')' }, h('img', { src: href, alt: name }))
      : h('a', { class: 'file', href, download: name }, name, h('span', { class: 'size' }, ' · ' + size(r.size || 0)));
  }));
}
