// Each thread's scheduling priority in this process (Linux: /proc/self/task), for the tests that
// check a worker lowers its own (src/node/workerPool.ts, yieldToForeground) and leaves the
// caller's as it was.
import * as fs from 'node:fs';

/** Whether threads here have a priority of their own to read (Linux). */
export const threadsHaveNice = fs.existsSync('/proc/thread-self');

/** Nice value by thread id. */
export function niceByThread(): Map<number, number> {
  const out = new Map<number, number>();
  for (const tid of fs.readdirSync('/proc/self/task')) {
    try {
      // the 19th field of stat; the thread's name before it, in parentheses, may hold spaces
      const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'latin1');
      out.set(Number(tid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]));
    } catch {
      // a thread that ended meanwhile
    }
  }
  return out;
}
