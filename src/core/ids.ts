// Annotation ids: 10 characters of time (ms, Crockford base32, so ids sort by creation) and 10
// of randomness (50 bits). Two analysts on two branches would need to create annotations in
// the same millisecond and draw the same 50 bits to collide.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

export function newId(now: number = Date.now(), random: (n: number) => Uint8Array = randomBytes): string {
  let time = '';
  let t = Math.floor(now);
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const bytes = random(10);
  let rand = '';
  for (let i = 0; i < 10; i++) rand += ALPHABET[bytes[i] & 31];
  return time + rand;
}

function randomBytes(n: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(n));
}

/** A registry id from a display name: "Nikol Pashinyan" → "nikol-pashinyan". */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[’']/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'entity';
}

/**
 * A new entity's id: its name's slug, else the first of `slug-2`, `slug-3`… that no entity has.
 * Through a set of the ids, made once: a registry holding `acme` … `acme-80000` made each try
 * scan every entity (11 s on the host for one new "Acme").
 */
export function freshEntityId(name: string, entities: readonly { id: string }[]): string {
  const base = slugify(name);
  const taken = new Set(entities.map((e) => e.id));
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}
