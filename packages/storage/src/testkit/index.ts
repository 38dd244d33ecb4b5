/**
 * The storage conformance suite. Every adapter runs it, and so can a contributor's:
 *
 *   import { testStorage } from '@storewise/storage/testkit';
 *   testStorage('my-adapter', () => createMyStorage());
 *
 * `create` is called once per test and must return an empty storage; `dispose` (default: close) runs after.
 */
import { describe } from 'vitest';
import type { Storage } from '../types.js';
import { bulkReadTests } from './bulk-reads.js';
import { campaignTests } from './campaigns.js';
import { closingTests } from './closing.js';
import { contractTests } from './contract.js';
import { customerDataTests } from './customer-data.js';
import { customerReadTests } from './customer-reads.js';
import { entityTests } from './entities.js';
import { erasureTests } from './erasure.js';
import { erasureRejectTests } from './erasure-rejects.js';
import { eventConflictTests } from './event-conflicts.js';
import { eventTests } from './events.js';
import { factTests } from './facts.js';
import { inputLimitTests } from './input-limits.js';
import { itemDemandTests } from './item-demand.js';
import { lifecycleTests } from './lifecycle.js';
import { modelArtifactTests } from './model-artifacts.js';
import { moneyTests } from './money.js';
import { nulKeyTests } from './nul-keys.js';
import { privacyTests } from './privacy.js';
import { profileTests } from './profiles.js';
import { segmentTests } from './segments.js';

/** Makes a fresh, empty storage for one test (synchronously or not), and disposes of it after. */
export interface StorageFactory {
  create: () => Storage | Promise<Storage>;
  dispose?: (storage: Storage) => Promise<void>;
}

/** A function that runs one test body against a fresh storage. */
export type WithStorage = (body: (storage: Storage) => Promise<void>) => () => Promise<void>;

export function testStorage(
  name: string,
  factory: StorageFactory | (() => Storage | Promise<Storage>),
): void {
  const { create, dispose = (s: Storage) => s.close() } =
    typeof factory === 'function' ? { create: factory } : factory;
  const withStorage: WithStorage = (body) => async () => {
    const storage = await create();
    try {
      await body(storage);
    } finally {
      await dispose(storage);
    }
  };
  describe(`storage conformance: ${name}`, () => {
    contractTests(withStorage);
    entityTests(withStorage);
    modelArtifactTests(withStorage);
    factTests(withStorage);
    eventTests(withStorage);
    eventConflictTests(withStorage);
    bulkReadTests(withStorage);
    itemDemandTests(withStorage);
    profileTests(withStorage);
    moneyTests(withStorage);
    lifecycleTests(withStorage);
    erasureTests(withStorage);
    erasureRejectTests(withStorage);
    segmentTests(withStorage);
    campaignTests(withStorage);
    customerReadTests(withStorage);
    customerDataTests(withStorage);
    privacyTests(withStorage);
    nulKeyTests(withStorage);
    inputLimitTests(withStorage);
    closingTests(withStorage);
  });
}

export {
  BULK_MEMBERS,
  droppedOptionalMethods,
  missingStorageMethods,
  STORAGE_MEMBERS,
} from '../storage-members.js';
export { at, event, shopEvents, t0 } from './fixtures.js';
export { type PostgresTestServer, postgresTestServer } from './postgres-server.js';
