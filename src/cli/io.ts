// What a command needs from its process, so tests can run commands in-process.
export interface Io {
  out(s: string): void;
  err(s: string): void;
  cwd: string;
  /** Colour and symbols for a terminal; plain text otherwise. */
  tty?: boolean;
}

export type Command = (args: string[], io: Io) => Promise<number>;
