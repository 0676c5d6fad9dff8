// Caps on what Marginalia reads from a corpus. Sources, sidecars and the registry come through
// git from other people; a file of gigabytes (or a symlink to /dev/zero) must be refused with a
// message naming it, not read into memory. 16 MiB is sixteen times the largest real article the
// benchmarks use; the `marginalia.files.maxSizeMB` setting and `--max-size` flag raise it.
export const DEFAULT_MAX_FILE_MB = 16;

export function maxBytesFromMB(mb: number | undefined): number {
  const v = typeof mb === 'number' && Number.isFinite(mb) && mb > 0 ? mb : DEFAULT_MAX_FILE_MB;
  return Math.floor(v * 1024 * 1024);
}

/** "23.4 MB" for messages. */
export function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${bytes} bytes`;
}
