/** What `Storage.watchChanges` tells a process about other processes' writes (types.ts). */

/** What a watcher (`Storage.watchChanges`) is told after a transaction commits. */
export type StoreChange =
  /** These customers' events were written, the customers changed, or deleted. */
  | { kind: 'customers'; customerIds: readonly string[] }
  /**
   * Anything may have changed: a write named too many customers to list, or the watcher was disconnected
   * and may have missed changes (told once it is connected again).
   */
  | { kind: 'anything' };

export interface ChangeWatch {
  /** Stops watching. */
  close(): Promise<void>;
}

export interface WatchOptions {
  /**
   * Told when the watch loses its connection and of each failed try to connect again (it keeps trying,
   * then tells `{ kind: 'anything' }`), and of an error thrown by `onChange`. Default: nothing is told.
   */
  onError?: (error: unknown) => void;
  /** Told when the watch is connected again after losing its connection (before `{ kind: 'anything' }`). */
  onReconnect?: () => void;
}
