// UI strings: one module per locale under l10n/, loaded on demand. Serbian
// in Latin script (sr-Latn) is transliterated from the Cyrillic strings.
const LAT = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', ђ: 'đ', е: 'e', ж: 'ž', з: 'z', и: 'i', ј: 'j', к: 'k', л: 'l', љ: 'lj',
  м: 'm', н: 'n', њ: 'nj', о: 'o', п: 'p', р: 'r', с: 's', т: 't', ћ: 'ć', у: 'u', ф: 'f', х: 'h', ц: 'c', ч: 'č',
  џ: 'dž', ш: 'š',
};

export function toLatin(s) {
  return s.replace(/[\u0400-\u04ff]/g, (c) => {
    const low = c.toLowerCase(), t = LAT[low];
    if (t === undefined) return c;
    return c === low ? t : t[0].toUpperCase() + t.slice(1);
  });
}

// strings returns t(key, vars): the text for key with {vars} filled in;
// numbers in vars are written the locale's way (Persian digits in fa).
export async function strings(base, locale) {
  const file = locale === 'sr-Latn' ? 'sr' : locale;
  let table;
  try {
    table = (await import(new URL(`l10n/${file}.js`, base).href)).default;
  } catch (e) {
    table = (await import(new URL('l10n/en.js', base).href)).default;
  }
  if (locale === 'sr-Latn') {
    table = Object.fromEntries(Object.entries(table).map(([k, v]) => [k, toLatin(v)]));
  }
  const nf = new Intl.NumberFormat(locale);
  return (key, vars) => String(table[key] ?? key).replace(/\{(\w+)\}/g, (_, k) => {
    const v = vars ? vars[k] : undefined;
    return typeof v === 'number' ? nf.format(v) : String(v ?? '');
  });
}
