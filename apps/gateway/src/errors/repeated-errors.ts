import type { InternalErrorLogger } from './format-error.js';

/** How long an error's repeats are counted instead of logged. */
export const REPEAT_WINDOW_MS = 10_000;
/** Distinct errors remembered at once (more, and the memory starts over). */
const MAX_KINDS = 1_000;

/** What makes two errors the same for the log: their message's first line, and their cause's. */
function kindOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error).split('\n')[0]!;
  const cause = error.cause instanceof Error ? ` <- ${error.cause.message.split('\n')[0]}` : '';
  return `${error.name}: ${error.message.split('\n')[0]}${cause}`;
}

/**
 * `log` with repeats collapsed: an error like one logged less than REPEAT_WINDOW_MS ago is counted, not
 * logged, and the next one logged after the window says how many were left out (`repeats`). A database
 * outage made every request log its error with stack, SQL and values: about 35 lines a second from one
 * gateway.
 */
export function collapseRepeats(log: InternalErrorLogger, now: () => number = Date.now): InternalErrorLogger {
  const seen = new Map<string, { until: number; repeats: number }>();
  return (error, context) => {
    const kind = kindOf(error);
    const at = now();
    const last = seen.get(kind);
    if (last !== undefined && at < last.until) {
      last.repeats++;
      return;
    }
    log(error, { ...context, ...(last !== undefined && last.repeats > 0 ? { repeats: last.repeats } : {}) });
    if (seen.size >= MAX_KINDS) seen.clear();
    seen.set(kind, { until: at + REPEAT_WINDOW_MS, repeats: 0 });
  };
}
