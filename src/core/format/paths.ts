// `article.txt` ↔ `article.txt.annotations.yaml`: the one naming rule, used everywhere.
export const SIDECAR_SUFFIX = '.annotations.yaml';
export const WORKSPACE_FILE = 'marginalia.yaml';

export function sidecarPathFor(source: string): string {
  return source + SIDECAR_SUFFIX;
}

export function isSidecarPath(p: string): boolean {
  return p.endsWith(SIDECAR_SUFFIX);
}

export function sourcePathFor(sidecar: string): string {
  return isSidecarPath(sidecar) ? sidecar.slice(0, -SIDECAR_SUFFIX.length) : sidecar;
}
