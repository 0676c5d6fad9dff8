// Link targets (`other-article.txt#01jd3m2`) come from files pulled through git, so they are
// checked as untrusted paths: relative, no scheme (no `command:` or `https:`), and resolved only
// inside the workspace root.
import { dirname, joinNormalize, relative } from '../text/posixPath';

export interface LinkTarget {
  /** Source path relative to the linking sidecar's folder; '' for the same source. */
  source: string;
  id: string;
}

export function parseLinkTarget(to: string): LinkTarget | null {
  const hash = to.lastIndexOf('#');
  if (hash < 0 || hash === to.length - 1) return null;
  return { source: to.slice(0, hash), id: to.slice(hash + 1) };
}

/** Why a link target is unacceptable, or null when it is fine. */
export function checkLinkTarget(to: string): string | null {
  const t = parseLinkTarget(to);
  if (!t) return `link target "${to}" must be "file#id" or "#id"`;
  if (/^[a-z][a-z0-9+.-]*:/i.test(t.source)) return `link target "${to}" must be a relative path, not a URI`;
  if (t.source.startsWith('/') || t.source.includes('\\') || t.source.includes('\0')) {
    return `link target "${to}" must be a relative path with forward slashes`;
  }
  return null;
}

/**
 * The workspace-relative POSIX path of a link's source, or null when it would leave the root.
 * `fromSource` is the linking source's workspace-relative path.
 */
export function resolveLinkSource(fromSource: string, target: LinkTarget): string | null {
  if (target.source === '') return fromSource;
  const joined = joinNormalize(dirname(fromSource), target.source);
  if (joined === '..' || joined.startsWith('../') || joined.startsWith('/')) return null;
  return joined;
}

/** `to` for a link from one source to another, relative to the linking sidecar's folder. */
export function linkTargetFor(fromSource: string, toSource: string, id: string): string {
  if (fromSource === toSource) return `#${id}`;
  const rel = relative(dirname(fromSource), toSource);
  return `${rel}#${id}`;
}
