/**
 * One process at a time per embedded data directory. PGlite runs PostgreSQL inside the process and takes
 * no lock of its own, so two processes on one directory each believe they own it: both imports "succeed"
 * and the directory is corrupt (a unique index holding duplicates). The lock is a file in the directory
 * naming its holder, taken before the database is opened (or created) and removed on close. A lock whose
 * holder is gone (killed, even with SIGKILL) is stale and taken over; nothing waits for it to expire.
 *
 * Written here rather than taken from proper-lockfile, whose lock is stale when its holder has not
 * refreshed it for some seconds: PGlite runs on the holder's main thread, and a long COPY blocks it for
 * longer than that, so a live holder would lose its lock. Whether a holder is alive is asked of the system.
 */

import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** The lock's file name inside the data directory (PostgreSQL ignores files it does not know). */
export const LOCK_FILE = 'storewise.lock';

interface Holder {
  pid: number;
  hostname: string;
  /** When the process started, in the system's clock ticks since boot (Linux), to tell a reused pid. */
  started: string | null;
}

/** A lock taken; `release` removes it (idempotent). */
export interface DataDirLock {
  release(): void;
}

/**
 * Takes the lock of `dataDir` (an existing directory), or throws naming the directory and the process
 * that holds it.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  const path = join(dataDir, LOCK_FILE);
  const me: Holder = { pid: process.pid, hostname: hostname(), started: processStart(process.pid) };
  const content = JSON.stringify(me);
  // Written whole under a name of its own, then linked into place: link fails if a lock is there, and
  // no reader ever sees a lock file half written.
  const temp = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temp, content);
  try {
    // A stale lock is taken over at most twice (another process may be taking it over at the same time).
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        linkSync(temp, path);
        return releaser(path, content);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const held = readHolder(path);
      if (held === undefined) continue; // removed in between: try again
      if (held.holder !== null && isAlive(held.holder)) throw inUse(dataDir, path, held.holder);
      removeStale(path, held.text);
    }
    const last = readHolder(path);
    throw inUse(dataDir, path, last?.holder ?? null);
  } finally {
    unlinkSync(temp);
  }
}

function releaser(path: string, content: string): DataDirLock {
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      // Only our own lock: one that was taken over (after this process was thought gone) stays.
      if (readHolder(path)?.text === content) unlinkSync(path);
    },
  };
}

/** The lock file's text and holder; holder null when it is not a lock this code wrote; undefined if gone. */
function readHolder(path: string): { text: string; holder: Holder | null } | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const holder = JSON.parse(text) as Holder;
    return Number.isInteger(holder.pid) && typeof holder.hostname === 'string'
      ? { text, holder }
      : { text, holder: null };
  } catch {
    return { text, holder: null };
  }
}

/**
 * Whether the lock's holder still runs. A holder on another host (a shared file system) cannot be asked:
 * it counts as alive. A pid that runs again, but started at another time than the holder, is another
 * process that reuses the pid; a zombie (killed, not yet reaped by its parent) is gone.
 */
function isAlive(holder: Holder): boolean {
  if (holder.hostname !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  const stat = procStat(holder.pid);
  if (stat === null) return true;
  if (stat.state === 'Z') return false;
  return holder.started === null || stat.started === holder.started;
}

/** The process's start time from /proc (Linux), or null where there is none. */
function processStart(pid: number): string | null {
  return procStat(pid)?.started ?? null;
}

function procStat(pid: number): { state: string; started: string } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After the command name (in parentheses, which may hold spaces): state is field 3, starttime 22.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0]!, started: fields[19]! };
  } catch {
    return null;
  }
}

/**
 * Removes a stale lock whose text is `text`. It is first moved aside: if what was moved is not that lock
 * (another process took the stale lock over in between and wrote its own), it is put back.
 */
function removeStale(path: string, text: string): void {
  const aside = `${path}.${process.pid}.stale`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (readHolder(aside)?.text !== text) {
    try {
      linkSync(aside, path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  unlinkSync(aside);
}

function inUse(dataDir: string, path: string, holder: Holder | null): Error {
  const here = holder !== null && holder.hostname === hostname();
  if (here && holder.pid === process.pid)
    return new Error(
      `the embedded database in ${dataDir} is already open in this process (pid ${holder.pid}): close it before opening it again`,
    );
  const who =
    holder === null
      ? `see ${path}`
      : here
        ? `pid ${holder.pid}`
        : `pid ${holder.pid} on ${holder.hostname}; if it is gone, remove ${path}`;
  return new Error(
    `the embedded database in ${dataDir} is in use by another process (${who}); stop it, or use PostgreSQL (--db postgres://...) for several processes`,
  );
}
