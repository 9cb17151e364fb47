// Hand-drawn SVG charts: a line chart over days, horizontal bars, and a
// weekday × hour heat map. Each is a figure with a caption and an
// aria-label that says what it shows; the values are in <title>s (hover)
// and the CSV download has them all.
const NS = 'http://www.w3.org/2000/svg';

function s(tag, attrs, ...kids) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
  for (const k of kids) e.append(typeof k === 'string' ? document.createTextNode(k) : k);
  return e;
}

function figure(caption, svg, label) {
  const f = document.createElement('figure');
  const c = document.createElement('figcaption');
  c.textContent = caption;
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  f.append(c, svg);
  return f;
}

const COLORS = ['#1d4ed8', '#b45309', '#047857', '#7c3aed'];

// lineChart plots series [{label, values: [number|null]}] over days
// (labels, "2025-01-31"); null is a gap. ceil fixes the top of the scale
// (1 for rates), else it follows the data.
export function lineChart(caption, days, series, fmt = String, ceil = 0) {
  const W = 380, H = 170, L = 44, R = 10, T = 10, B = 24;
  const all = series.flatMap((x) => x.values).filter((v) => v !== null && v !== undefined && !isNaN(v));
  const max = all.length ? Math.max(...all) : 1;
  const top = ceil || (max > 0 ? max * 1.1 : 1);
  const x = (i) => L + (days.length < 2 ? (W - L - R) / 2 : (i * (W - L - R)) / (days.length - 1));
  const y = (v) => T + (H - T - B) * (1 - v / top);
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, width: '100%' });
  svg.append(s('line', { x1: L, y1: H - B, x2: W - R, y2: H - B, stroke: '#94a3b8' }), s('line', { x1: L, y1: T, x2: L, y2: H - B, stroke: '#94a3b8' }),
    s('text', { x: L - 4, y: T + 8, 'text-anchor': 'end' }, fmt(top)), s('text', { x: L - 4, y: H - B, 'text-anchor': 'end' }, fmt(0)));
  if (days.length) {
    svg.append(s('text', { x: L, y: H - 6 }, days[0]), s('text', { x: W - R, y: H - 6, 'text-anchor': 'end' }, days.at(-1)));
  }
  series.forEach((ser, k) => {
    const color = COLORS[k % COLORS.length];
    let d = '';
    ser.values.forEach((v, i) => {
      if (v === null || v === undefined || isNaN(v)) { d += ' '; return; }
      d += (d === '' || d.endsWith(' ') ? 'M' : 'L') + x(i).toFixed(1) + ',' + y(v).toFixed(1);
      svg.append(s('circle', { cx: x(i).toFixed(1), cy: y(v).toFixed(1), r: 2.5, fill: color }, s('title', {}, `${ser.label}, ${days[i]}: ${fmt(v)}`)));
    });
    svg.prepend(s('path', { d: d.replace(/ +/g, ' ').trim(), fill: 'none', stroke: color, 'stroke-width': 2 }));
    if (series.length > 1) svg.append(s('text', { x: L + 6 + k * 90, y: T + 8, fill: color }, ser.label));
  });
  const last = series.map((ser) => `${ser.label} ${fmt(ser.values.filter((v) => v !== null && v !== undefined).at(-1) ?? 0)}`).join(', ');
  return figure(caption, svg, `${caption}, ${days.length} days${days.length ? ' from ' + days[0] + ' to ' + days.at(-1) : ''}; latest: ${last}`);
}

// barChart draws [{label, value}] as horizontal bars, largest first.
export function barChart(caption, items) {
  const rows = [...items].sort((a, b) => b.value - a.value);
  const W = 380, row = 22, L = 150, H = Math.max(1, rows.length) * row + 6;
  const max = Math.max(1, ...rows.map((r) => r.value));
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, width: '100%' });
  if (!rows.length) svg.append(s('text', { x: 4, y: 16 }, 'None in this window.'));
  rows.forEach((r, i) => {
    const w = ((W - L - 40) * r.value) / max;
    svg.append(s('text', { x: L - 6, y: i * row + 15, 'text-anchor': 'end' }, r.label),
      s('rect', { x: L, y: i * row + 4, width: Math.max(1, w).toFixed(1), height: row - 8, fill: '#1d4ed8' }, s('title', {}, `${r.label}: ${r.value}`)),
      s('text', { x: L + w + 4, y: i * row + 15 }, String(r.value)));
  });
  return figure(caption, svg, caption + ': ' + (rows.map((r) => `${r.label} ${r.value}`).join(', ') || 'none'));
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

// heatMap shades a weekday (0 = Sunday) × hour grid by messages.
export function heatMap(caption, cells) {
  const grid = Array.from({ length: 7 }, () => new Array(24).fill(0));
  for (const c of cells) if (c.weekday >= 0 && c.weekday < 7 && c.hour >= 0 && c.hour < 24) grid[c.weekday][c.hour] += c.messages || 0;
  const max = Math.max(1, ...grid.flat());
  const L = 30, T = 14, cw = 14, ch = 16;
  const svg = s('svg', { viewBox: `0 0 ${L + 24 * cw + 4} ${T + 7 * ch + 4}`, width: '100%' });
  for (let hr = 0; hr < 24; hr += 3) svg.append(s('text', { x: L + hr * cw, y: 10 }, String(hr).padStart(2, '0')));
  let busiest = [0, 0];
  grid.forEach((row, d) => {
    svg.append(s('text', { x: 0, y: T + d * ch + 12 }, WEEKDAYS[d]));
    row.forEach((v, hr) => {
      if (v > grid[busiest[0]][busiest[1]]) busiest = [d, hr];
      svg.append(s('rect', { x: L + hr * cw, y: T + d * ch, width: cw - 1, height: ch - 1, fill: '#1d4ed8', 'fill-opacity': (0.06 + (0.94 * v) / max).toFixed(2) },
        s('title', {}, `${WEEKDAYS[d]} ${String(hr).padStart(2, '0')}:00: ${v} messages`)));
    });
  });
  return figure(caption, svg, `${caption}; busiest: ${WEEKDAYS[busiest[0]]} ${busiest[1]}:00 with ${grid[busiest[0]][busiest[1]]} messages`);
}
