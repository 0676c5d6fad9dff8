import { readFileSync } from 'node:fs';
import * as v8 from 'node:v8';
import { readWorkspaceFast } from '../src/core/format';
import { MentionMatcher } from '../src/core/mentions/matcher';
const cfg = readWorkspaceFast(readFileSync('bench/.cache/sources-2000-v1/sources/marginalia.yaml', 'utf8'))!;
const m = new MentionMatcher(cfg.entities as any);
const compiled = m.compiled();
for (let i = 0; i < 3; i++) {
  let t = performance.now(); const a = v8.serialize(cfg.entities); const te = performance.now() - t;
  t = performance.now(); const b = v8.serialize(compiled); const tc = performance.now() - t;
  console.log('entities', te.toFixed(1), 'ms', a.length, 'compiled', tc.toFixed(1), 'ms', b.length);
}
console.log(Object.entries(compiled as any).map(([k, v]: any) => `${k}:${v?.constructor?.name}${v?.length ?? ''}`).join(' '));
