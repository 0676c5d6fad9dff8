import * as fs from 'node:fs';
import { fromW3c, parseJson } from './src/core/import';
const t = (n: string, f: () => unknown) => { const a = performance.now(); const v = f(); console.log(n, (performance.now() - a).toFixed(1)); return v; };
const text = fs.readFileSync('/tmp/marginalia-bench-export.jsonld', 'utf8');
for (let k = 0; k < 3; k++) {
  const j = t('parseJson', () => parseJson(text)) as any;
  const b = t('fromW3c', () => fromW3c(j.value)) as any;
  console.log(b.items.length);
}
import * as v8 from 'node:v8';
const b = fromW3c(parseJson(text).value as any);
for (let k = 0; k < 3; k++) {
  const buf = t('serialize', () => v8.serialize(b)) as Buffer;
  t('deserialize', () => v8.deserialize(buf));
  console.log(buf.length);
}
