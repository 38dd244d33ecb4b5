/**
 * The conformance suite's first test: the required methods an adapter lacks, all at once (one missing
 * `restoreCustomer` was `TypeError: s.restoreCustomer is not a function` in four unrelated tests). The
 * member lists themselves are `@storewise/storage`'s (storage-members.ts), re-exported by the testkit.
 */
import { expect, it } from 'vitest';
import { missingStorageMethods } from '../storage-members.js';
import type { WithStorage } from './index.js';

/** The suite's first test: the required methods the adapter lacks, all named at once. */
export function contractTests(withStorage: WithStorage): void {
  it(
    'has every required method of the Storage contract',
    withStorage(async (s) => {
      expect(missingStorageMethods(s), 'the required Storage methods this adapter lacks').toEqual([]);
    }),
  );
}
