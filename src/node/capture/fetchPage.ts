// Fetching a URL for `marginalia add URL` (issue 14), with Node's own fetch. Only http(s); at
// most MAX_REDIRECTS redirects, each to http(s) again; a deadline; the body read up to the size
// cap and no further (a server that streams forever is cut off, not buffered). Only the page
// itself is fetched: nothing it references (scripts, images, styles) ever is — extraction
// parses the bytes without loading anything.

export interface Fetched {
  bytes: Uint8Array;
  contentType: string;
  /** The address after redirects. */
  url: string;
}

export const MAX_REDIRECTS = 5;

export async function fetchPage(address: string, maxBytes: number, timeoutMs = 30_000): Promise<Fetched> {
  let url = checkedUrl(address);
  const deadline = AbortSignal.timeout(timeoutMs);
  for (let hop = 0; ; hop++) {
    let res: Response;
    try {
      res = await fetch(url, { redirect: 'manual', signal: deadline, headers: { accept: 'text/html,application/xhtml+xml,application/pdf,text/plain;q=0.9,*/*;q=0.5', 'user-agent': 'marginalia-add' } });
    } catch (e) {
      const why = e instanceof Error ? ((e.cause as Error | undefined)?.message ?? e.message) : String(e);
      throw new Error(`cannot fetch ${url}: ${why}`);
    }
    if (res.status >= 300 && res.status < 400 && res.headers.get('location')) {
      await res.body?.cancel();
      if (hop >= MAX_REDIRECTS) throw new Error(`cannot fetch ${address}: more than ${MAX_REDIRECTS} redirects`);
      url = checkedUrl(new URL(res.headers.get('location')!, url).toString());
      continue;
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new Error(`cannot fetch ${url}: the server answered ${res.status}`);
    }
    const declared = Number(res.headers.get('content-length'));
    if (declared > maxBytes) {
      await res.body?.cancel();
      throw new Error(`refused: ${url} is ${declared} bytes, over the size limit`);
    }
    const bytes = await readCapped(res, maxBytes, url);
    return { bytes, contentType: res.headers.get('content-type') ?? '', url };
  }
}

function checkedUrl(s: string): string {
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    throw new Error(`not a web address: ${s}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`only http and https addresses can be added, not ${u.protocol}`);
  return u.toString();
}

async function readCapped(res: Response, maxBytes: number, url: string): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = res.body?.getReader();
  if (!reader) return new Uint8Array();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel();
      throw new Error(`refused: ${url} is larger than the size limit`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}
