// Plain objects keyed by names from files (a claim's ACH ratings by hypothesis id). Such a name
// may be `constructor`, `toString` or `__proto__`: read as `o[name]`, every object answers the
// first two from its prototype (a hypothesis named "constructor" scored NaN and showed a
// function in the brief), and `o.__proto__ = v` sets the prototype instead of a field (a rating
// of a hypothesis "__proto__" was lost). Read and write those through these.

/** `o[key]` when `o` holds it itself, else undefined. */
export function ownValue<T>(o: { readonly [key: string]: T } | undefined, key: string): T | undefined {
  return o !== undefined && Object.hasOwn(o, key) ? o[key] : undefined;
}

/**
 * Sets `o[key]` as `o`'s own field, whatever the key. Only `__proto__` needs defining: it is
 * an accessor on the prototype; assigning any other name (`constructor` too: a writable data
 * field there) makes an own field, and is much faster than defining one.
 */
export function setOwn(o: object, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  else (o as Record<string, unknown>)[key] = value;
}
