// What a command needs from its process, so tests can run commands in-process.
export interface Io {
  out(s: string): void;
  err(s: string): void;
  cwd: string;
  /** Colour and symbols for a terminal; plain text otherwise. */
  tty?: boolean;
}

export type Command = (args: string[], io: Io) => Promise<number>;

/**
 * Standard output written in blocks of about 64 KB instead of one write a call: `check --json`
 * prints 10,000 reports one by one (issue 15), and each was a system call. `flush` before
 * anything goes to standard error (so a terminal shows both in order) and before exit.
 */
export function blockWriter(write: (s: string) => void, size = 1 << 16): { out(s: string): void; flush(): void } {
  let pending: string[] = [];
  let length = 0;
  const flush = () => {
    if (!pending.length) return;
    const s = pending.join('');
    pending = [];
    length = 0;
    write(s);
  };
  return {
    out(s: string) {
      pending.push(s);
      length += s.length;
      if (length >= size) flush();
    },
    flush,
  };
}
