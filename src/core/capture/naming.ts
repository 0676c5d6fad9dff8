// The file name a captured source gets (issue 14): from its title, because that is how an
// analyst looks for it, and safe whatever the title says — it came from a page. A slug of
// lowercase ASCII letters, digits and hyphens: no path separators, no leading dot (no hidden
// or `..` files), no characters a shell or another OS chokes on, at most MAX_STEM characters,
// never a sidecar name. Accents are folded (Đ and ß have no decomposition: mapped by hand);
// a title in another script that leaves nothing falls back to the original file's name, then
// to "source".

export const MAX_STEM = 80;

const FOLD: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ð: 'd', þ: 'th', ł: 'l', ı: 'i' };

export function slug(s: string): string {
  const folded = s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[ßæœøđðþłı]/g, (c) => FOLD[c] ?? c);
  const words = folded.replace(/['’]/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (words.length <= MAX_STEM) return words;
  const cut = words.slice(0, MAX_STEM);
  const at = cut.lastIndexOf('-');
  return (at > MAX_STEM / 2 ? cut.slice(0, at) : cut).replace(/-+$/, '');
}

/**
 * The stem for a captured source: the title's slug, else the original name's (without its
 * extension), else "source".
 */
export function stemFor(title: string | undefined, originalName: string | undefined): string {
  const fromTitle = title ? slug(title) : '';
  if (fromTitle) return fromTitle;
  const base = (originalName ?? '').split(/[\\/]/).pop() ?? '';
  const fromName = slug(base.replace(/\.[a-z0-9]{1,5}$/i, ''));
  return fromName || 'source';
}

/** `stem.ext`, or `stem-2.ext`, `stem-3.ext`… the first that `taken` says is free. */
export function freeName(stem: string, ext: string, taken: (name: string) => boolean): string {
  for (let i = 1; i <= 1000; i++) {
    const name = `${stem}${i === 1 ? '' : `-${i}`}.${ext}`;
    if (!taken(name)) return name;
  }
  throw new Error(`no free file name for ${stem}.${ext}`);
}
