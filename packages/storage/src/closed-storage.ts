/**
 * One behaviour of a closed storage on every adapter: `close()` may be called again (it answers as the
 * first call did), and every other call fails with StorageClosedError, where a driver would say "PGlite is
 * closed" or "Called end on pool more than once", and the memory adapter would go on writing.
 */
import type { Storage } from './types.js';

export class StorageClosedError extends Error {
  constructor(
    /** The adapter, e.g. 'pglite'. */
    readonly kind: string,
    /** The method called after close, e.g. 'appendEvents' or 'bulk.scanOrders'. */
    readonly method: string,
  ) {
    super(`the storage is closed: ${method} was called after close() (${kind} storage); open it again`);
    this.name = 'StorageClosedError';
  }
}

/**
 * Wraps an adapter's storage so that it keeps the rule above; `storage.close()` runs once. A method that
 * returns an iterable (named scan..., as in Storage and BulkReads) fails on the first step of the iteration,
 * any other method with a rejected promise, as they would once the driver is gone.
 */
export function closable(storage: Storage): Storage {
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= storage.close();
    return closing;
  };
  const guard = <T extends object>(target: T, prefix: string, fields: Record<string, unknown>): T => {
    // One wrapper per method, so that a method read twice is the same function.
    const wrappers = new Map<string, { value: unknown; wrapper: unknown }>();
    return new Proxy(target, {
      get(t, key) {
        if (typeof key === 'string' && Object.hasOwn(fields, key)) return fields[key];
        const value: unknown = Reflect.get(t, key, t);
        if (typeof value !== 'function' || typeof key !== 'string') return value;
        const known = wrappers.get(key);
        if (known?.value === value) return known.wrapper;
        const method = `${prefix}${key}`;
        const wrapper = (...args: unknown[]) =>
          closing === undefined ? value.apply(t, args) : refuse(storage.kind, method, key);
        wrappers.set(key, { value, wrapper });
        return wrapper;
      },
    });
  };
  return guard(storage, '', { close, bulk: guard(storage.bulk, 'bulk.', {}) });
}

function refuse(kind: string, method: string, key: string): unknown {
  const error = new StorageClosedError(kind, method);
  if (key.startsWith('scan')) {
    const iterator: AsyncIterableIterator<never> = {
      next: () => Promise.reject(error),
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }
  return Promise.reject(error);
}
