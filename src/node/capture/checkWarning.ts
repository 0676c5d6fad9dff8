// What `marginalia check` says about a captured source (issue 14): "changed since captured
// (date)" as a warning on the sidecar's `provenance:` line when the text no longer hashes to
// provenance.sha256. A warning, not an error: an edited source is normal (a typo fixed, a
// correction appended); what matters is that the reviewer knows the text is not the captured one.
import type { ParsedSidecar } from '../../core/format';
import type { Problem } from '../../core/types';
import { changedSinceCaptured } from './provenance';

export function captureWarnings(parsed: Pick<ParsedSidecar, 'sidecar' | 'locate'>, sourceText: string): Pick<Problem, 'line' | 'column' | 'message' | 'severity'>[] {
  const message = parsed.sidecar ? changedSinceCaptured(parsed.sidecar, sourceText) : null;
  return message ? [{ ...parsed.locate('provenance'), message, severity: 'warning' }] : [];
}
