import { openStorage } from '@storewise/storage';
import { describe, expect, it } from 'vitest';
import {
  ErasureListError,
  exportErasureList,
  formatErasureList,
  importErasureList,
  parseErasureList,
} from '../../src/privacy/index.js';

// SHA-256 of the ids' UTF-8 bytes, from Python's hashlib.sha256(b'alice').hexdigest() and so on.
const ALICE = '2bd806c97f0e00af1a1fc3328fa763a9269723c8db8fac4f93af71db186d6e90';
const ZED = 'ae8f5080a348fbfeb2c776957979728034cdf3eee0160c8667ee66daa8440a48';
const at = (iso: string) => new Date(iso);
const purchase = (eventId: string, customerId: string) => ({
  eventId,
  type: 'purchase' as const,
  customerId,
  sku: 'mug',
  timestamp: at('2025-01-01T00:00:00Z'),
  quantity: 1,
  unitPrice: 3,
});

describe('the erasure list as a file', () => {
  it('carries the list to another store, erasing there the customers already imported', async () => {
    const from = await openStorage('memory:');
    await from.appendEvents([purchase('e1', 'alice'), purchase('e2', 'bob')]);
    await from.deleteCustomer('alice');
    await from.deleteCustomer('zed');
    const text = formatErasureList(await exportErasureList(from));
    const lines = text.split('\n');
    expect(lines[0]).toBe('id_hash,erased_at,held');
    expect(lines.slice(1).map((l) => l.replace(/,[^,]+,/, ',<at>,'))).toEqual([
      `${ALICE},<at>,true`,
      `${ZED},<at>,false`,
      '',
    ]);
    // The new store imported the shop's files before the list: alice's rows are there again.
    const to = await openStorage('memory:');
    await to.appendEvents([purchase('e1', 'alice'), purchase('e2', 'bob')]);
    const entries = parseErasureList(text, 'erased.csv');
    expect(await importErasureList(to, entries)).toEqual({
      entries: 2,
      added: 2,
      erasedNow: 1,
      // alice's record and her one event.
      rowsRemoved: 2,
    });
    expect(await to.getCustomer('alice')).toBeNull();
    expect((await to.appendEvents([purchase('e3', 'alice'), purchase('e4', 'zed')])).erased).toBe(2);
    expect((await to.listErasures!()).map((e) => e.idHash)).toEqual([ALICE, ZED]);
    // Again: nothing new, nobody left to erase.
    expect(await importErasureList(to, entries)).toEqual({
      entries: 2,
      added: 0,
      erasedNow: 0,
      rowsRemoved: 0,
    });
    expect((await to.counts()).customers).toBe(1);
  });

  it('refuses a malformed file, naming the file, line and field', () => {
    const row = (hash: string, when = '2025-01-01T00:00:00.000Z', held = 'true') => `${hash},${when},${held}`;
    const refusal = (text: string) => {
      try {
        parseErasureList(text, 'erased.csv');
      } catch (error) {
        expect(error).toBeInstanceOf(ErasureListError);
        return (error as Error).message;
      }
      return 'accepted';
    };
    expect(refusal('hash,at,held\n')).toBe(
      'erased.csv:1: the header must be "id_hash,erased_at,held" (a file of storewise privacy erasures export), got "hash,at,held"',
    );
    expect(refusal(`id_hash,erased_at,held\n${row(ALICE)}\n${row(ALICE.toUpperCase())}\n`)).toBe(
      `erased.csv:3: id_hash: must be 64 lower-case hex digits (a SHA-256), got "${ALICE.toUpperCase()}"`,
    );
    expect(refusal(`id_hash,erased_at,held\n${row(ALICE, 'yesterday')}\n`)).toBe(
      'erased.csv:2: erased_at: must be an ISO 8601 time such as 2026-01-31T12:00:00.000Z, got "yesterday"',
    );
    expect(refusal(`id_hash,erased_at,held\n${row(ALICE, undefined, 'yes')}\n`)).toBe(
      'erased.csv:2: held: must be true or false, got "yes"',
    );
    expect(refusal(`id_hash,erased_at,held\n${ALICE}\n`)).toBe(
      'erased.csv:2: expected 3 fields (id_hash,erased_at,held), got 1',
    );
    expect(refusal(`id_hash,erased_at,held\n${row(ALICE)}\n${row(ZED)}\n${row(ALICE)}\n`)).toBe(
      'erased.csv:4: id_hash: repeats the hash of line 2',
    );
    // CRLF line ends and a byte-order mark are read; an empty list is a header alone.
    expect(
      parseErasureList(`\uFEFFid_hash,erased_at,held\r\n${row(ZED, undefined, 'false')}\r\n`, 'f'),
    ).toEqual([{ idHash: ZED, erasedAt: at('2025-01-01T00:00:00Z'), held: false }]);
    expect(parseErasureList('id_hash,erased_at,held\n', 'f')).toEqual([]);
  });
});
