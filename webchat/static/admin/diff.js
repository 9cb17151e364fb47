// lineDiff compares two texts line by line with a longest common
// subsequence table and returns [{op: '=' | '+' | '-', text}] in reading
// order: '-' lines are only in a (the old version), '+' only in b. Articles
// are short; past LIMIT cells the table would be too big, so the common
// head and tail are kept and the middle is shown as removed then added.
const LIMIT = 4e6;

export function lineDiff(a, b) {
  const x = split(a), y = split(b);
  let s = 0;
  while (s < x.length && s < y.length && x[s] === y[s]) s++;
  let e = 0;
  while (e < x.length - s && e < y.length - s && x[x.length - 1 - e] === y[y.length - 1 - e]) e++;
  const head = x.slice(0, s).map((t) => ({ op: '=', text: t }));
  const tail = x.slice(x.length - e).map((t) => ({ op: '=', text: t }));
  const xm = x.slice(s, x.length - e), ym = y.slice(s, y.length - e);
  return [...head, ...middle(xm, ym), ...tail];
}

function split(t) {
  const s = String(t ?? '').replace(/\r\n?/g, '\n');
  return s === '' ? [] : s.split('\n');
}

function middle(x, y) {
  const n = x.length, m = y.length;
  if (n * m > LIMIT) return [...x.map((t) => ({ op: '-', text: t })), ...y.map((t) => ({ op: '+', text: t }))];
  // L[i][j] = LCS length of x[i:] and y[j:], in one flat array.
  const w = m + 1;
  const L = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      L[i * w + j] = x[i] === y[j] ? L[(i + 1) * w + j + 1] + 1 : Math.max(L[(i + 1) * w + j], L[i * w + j + 1]);
    }
  }
  const out = [];
  let i = 0, j = 0;
  while (i < n && j < m) {
    if (x[i] === y[j]) { out.push({ op: '=', text: x[i] }); i++; j++; }
    else if (L[(i + 1) * w + j] >= L[i * w + j + 1]) out.push({ op: '-', text: x[i++] });
    else out.push({ op: '+', text: y[j++] });
  }
  while (i < n) out.push({ op: '-', text: x[i++] });
  while (j < m) out.push({ op: '+', text: y[j++] });
  return out;
}

// snapshot is the text of an article version that the diff compares.
export const snapshot = (a) => [
  'Title: ' + (a.title || ''), 'Slug: ' + (a.slug || ''), 'Language: ' + (a.language || ''),
  'Collection: ' + (a.collection || ''), 'Questions:', ...(a.questions || []).map((q) => '  ' + q), '', a.body || '',
].join('\n');
