import { describe, expect, it } from 'vitest';
import { EventColumnsBuilder, eventColumns, eventTypeCode } from '../event-columns.js';
import { MAX_KEY_LENGTH } from '../key-limits.js';
import { collect } from './collect.js';
import { at, event } from './fixtures.js';
import type { WithStorage } from './index.js';

/** `n` characters of Chinese, 3 UTF-8 bytes each: the widest a key of n UTF-16 code units gets. */
const wide = (n: number, seed = 0): string =>
  Array.from({ length: n }, (_, k) => String.fromCharCode(0x4e00 + ((k * 7919 + seed) % 20000))).join('');

/**
 * Input that a PostgreSQL column or index cannot hold is refused by every adapter with a StorageInputError
 * naming the record and field, the same on each: the memory adapter does not store what the others cannot,
 * and the SQL adapters do not fail with a driver's error.
 */
export function inputLimitTests(withStorage: WithStorage): void {
  describe('input limits', () => {
    it(
      'keeps a stock within a 32-bit integer and refuses one outside it',
      withStorage(async (s) => {
        await s.upsertItems([
          { sku: 'max', stock: 2_147_483_647 },
          { sku: 'min', stock: -2_147_483_648 },
        ]);
        expect((await s.getItems(['max', 'min'])).map((i) => i?.stock)).toEqual([
          2_147_483_647, -2_147_483_648,
        ]);
        await expect(s.upsertItems([{ sku: 'a', stock: 3e9 }])).rejects.toThrow(
          'items[0]: stock must be from -2147483648 to 2147483647 (a 32-bit integer), got 3000000000',
        );
        await expect(s.upsertItems([{ sku: 'a' }, { sku: 'b', stock: -2_147_483_649 }])).rejects.toThrow(
          'items[1]: stock must be from -2147483648 to 2147483647 (a 32-bit integer), got -2147483649',
        );
        expect(await s.getItem('a')).toBeNull();
      }),
    );

    it(
      'keeps a reject whose file path, line and field fit the index, and refuses others naming the field',
      withStorage(async (s) => {
        const path = `/${'\u4e2d'.repeat(MAX_KEY_LENGTH - 1)}`; // 2,398 UTF-8 bytes with the field and line
        const ok = { source: path, line: 2_147_483_647, field: 'f'.repeat(64), reason: 'r', raw: 'x' };
        expect(await s.recordRejects([ok, { ...ok, line: 0 }])).toEqual({ recorded: 2, erased: [] });
        const refused: [Partial<typeof ok>, string][] = [
          [{ line: -1 }, 'line must be an integer from 0 to 2147483647, got -1'],
          [{ line: 1.5 }, 'line must be an integer from 0 to 2147483647, got 1.5'],
          [{ line: 2_147_483_648 }, 'line must be an integer from 0 to 2147483647, got 2147483648'],
          [{ source: `${path}/` }, `source must be at most ${MAX_KEY_LENGTH} characters`],
          [{ field: 'f'.repeat(65) }, 'field must be at most 64 characters, got 65'],
          [
            { customerId: 'c'.repeat(MAX_KEY_LENGTH + 1) } as Partial<typeof ok>,
            `customerId must be at most ${MAX_KEY_LENGTH} characters`,
          ],
        ];
        for (const [change, message] of refused)
          await expect(
            s.recordRejects([
              { ...ok, line: 5 },
              { ...ok, ...change },
            ]),
          ).rejects.toThrow(`rejects[1]: ${message}`);
        expect((await s.counts()).rejects).toBe(2);
      }),
    );

    it(
      `stores keys of ${MAX_KEY_LENGTH} characters of 3-byte text, and refuses longer ones`,
      withStorage(async (s) => {
        const [customer, sku, eventId, segment, model] = [1, 2, 3, 4, 5].map((seed) =>
          wide(MAX_KEY_LENGTH, seed),
        );
        await s.upsertCustomers([{ externalId: customer! }]);
        await s.upsertItems([{ sku: sku! }]);
        await s.appendEvents([event(eventId!, { customerId: customer!, sku: sku! })]);
        await s.upsertScores([{ customerId: customer!, model: model!, score: 1, computedAt: at(1) }]);
        await s.upsertSegment({ id: segment!, name: 'Long', kind: 'rule' });
        await s.refreshSegment(segment!, [customer!], at(2));
        await s.saveModel({ name: model!, kind: 'k', params: {}, metrics: {}, bytes: new Uint8Array(1) });
        expect((await s.getCustomer(customer!))?.externalId).toBe(customer);
        expect((await s.getItem(sku!))?.sku).toBe(sku);
        expect((await collect(s.scanEvents())).rows.map((e) => [e.eventId, e.customerId, e.sku])).toEqual([
          [eventId, customer, sku],
        ]);
        expect((await s.getScores(customer!)).map((x) => x.model)).toEqual([model]);
        expect((await collect(s.scanSegmentMembers(segment!))).rows.map((m) => m.customerId)).toEqual([
          customer,
        ]);
        expect((await s.loadModel(model!))?.name).toBe(model);

        const long = wide(MAX_KEY_LENGTH + 1);
        const tooLong = (field: string) =>
          `${field} must be at most ${MAX_KEY_LENGTH} characters long (it is indexed), got ${MAX_KEY_LENGTH + 1}`;
        await expect(s.upsertCustomers([{ externalId: long }])).rejects.toThrow(
          `customers[0]: ${tooLong('externalId')}`,
        );
        await expect(s.upsertItems([{ sku: 'ok' }, { sku: long }])).rejects.toThrow(
          `items[1]: ${tooLong('sku')}`,
        );
        await expect(s.appendEvents([event(long)])).rejects.toThrow(`events[0]: ${tooLong('eventId')}`);
        await expect(s.appendEvents([event('e', { customerId: long })])).rejects.toThrow(
          `events[0]: ${tooLong('customerId')}`,
        );
        await expect(s.appendEvents([event('e', { sku: long })])).rejects.toThrow(
          `events[0]: ${tooLong('sku')}`,
        );
        await expect(s.upsertScores([{ customerId: customer!, model: long, score: 1 }])).rejects.toThrow(
          `scores[0]: ${tooLong('model')}`,
        );
        await expect(s.upsertSegment({ id: long, name: 'x', kind: 'rule' })).rejects.toThrow(
          `segment: ${tooLong('id')}`,
        );
        await expect(s.refreshSegment(segment!, [long], at(3))).rejects.toThrow(
          `customerIds[0]: ${tooLong('customerId')}`,
        );
        await expect(
          s.saveModel({ name: long, kind: 'k', params: {}, metrics: {}, bytes: new Uint8Array(1) }),
        ).rejects.toThrow(`model: ${tooLong('name')}`);
        await expect(s.upsertCampaign({ id: long, name: 'x', definition: {} })).rejects.toThrow(
          `campaign "${long}": ${tooLong('id')}`,
        );
        await s.upsertCampaign({ id: 'cmp', name: 'x', definition: {} });
        const assignment = {
          campaignId: 'cmp',
          customerId: customer!,
          arm: 'a',
          holdout: false,
          reason: {},
          assignedAt: at(4),
        };
        await expect(s.recordAssignments([{ ...assignment, couponCode: long }])).rejects.toThrow(
          `assignments[0]: ${tooLong('couponCode')}`,
        );
        await expect(s.recordAssignments([{ ...assignment, campaignId: long }])).rejects.toThrow(
          `assignments[0]: ${tooLong('campaignId')}`,
        );
        // What the exploratory test sent: 20,000 random characters.
        const random = Array.from({ length: 20_000 }, (_, k) =>
          String.fromCharCode(0x21 + ((k * 48271) % 90)),
        ).join('');
        await expect(s.appendEvents([event(random, { customerId: random, sku: random })])).rejects.toThrow(
          'events[0]: eventId must be at most',
        );
        if (s.appendEventColumns) {
          await expect(s.appendEventColumns(eventColumns([event('c1', { sku: long })]))).rejects.toThrow(
            `events.skus[0]: ${tooLong('sku')}`,
          );
          await expect(s.appendEventColumns(eventColumns([event(long)]))).rejects.toThrow(
            `events[0]: ${tooLong('eventId')}`,
          );
          const columnId = wide(MAX_KEY_LENGTH, 9);
          await s.appendEventColumns(eventColumns([event(columnId, { customerId: customer!, sku: sku! })]));
        }
        expect((await s.counts()).events).toBe(s.appendEventColumns ? 2 : 1);
      }),
    );

    it(
      'refuses text that is not well-formed Unicode (a lone surrogate), and keeps surrogate pairs',
      withStorage(async (s) => {
        const lone = 'a\uD800b';
        const reason =
          'is not well-formed Unicode (it holds a lone surrogate, such as \\uD800), which PostgreSQL cannot store';
        await expect(s.upsertCustomers([{ externalId: lone }])).rejects.toThrow(
          `customers[0]: externalId ${reason}`,
        );
        await expect(s.upsertCustomers([{ externalId: 'c', attributes: { note: lone } }])).rejects.toThrow(
          `customers[0]: attributes ${reason}`,
        );
        await expect(s.upsertCustomers([{ externalId: 'c', attributes: { [lone]: 1 } }])).rejects.toThrow(
          `customers[0]: attributes ${reason}`,
        );
        await expect(s.upsertItems([{ sku: 'i', title: '\uDC00' }])).rejects.toThrow(
          `items[0]: title ${reason}`,
        );
        await expect(s.appendEvents([event('e', { query: lone })])).rejects.toThrow(
          `events[0]: query ${reason}`,
        );
        await expect(s.appendEvents([event(lone)])).rejects.toThrow(`events[0]: eventId ${reason}`);
        await expect(s.upsertScores([{ customerId: 'c', model: lone, score: 1 }])).rejects.toThrow(
          `scores[0]: model ${reason}`,
        );
        await expect(s.upsertSegment({ id: 'seg', name: lone, kind: 'rule' })).rejects.toThrow(
          `segment "seg": name ${reason}`,
        );
        await expect(s.upsertCampaign({ id: 'cmp', name: lone, definition: {} })).rejects.toThrow(
          `campaign "cmp": name ${reason}`,
        );
        await expect(
          s.saveModel({ name: 'm', kind: 'k', params: { p: lone }, metrics: {}, bytes: new Uint8Array(1) }),
        ).rejects.toThrow(`model "m": params ${reason}`);
        await expect(
          s.recordRejects([{ source: 'f', line: 1, field: 'x', reason: 'r', raw: lone }]),
        ).rejects.toThrow(`rejects[0]: raw ${reason}`);
        expect(await s.counts()).toMatchObject({ customers: 0, items: 0, events: 0, models: 0, rejects: 0 });

        // A pair is one character, stored as sent; U+FFFD (what a lone surrogate becomes in UTF-8) is not it.
        const pair = 'tea \uD83C\uDF75';
        await s.upsertCustomers([
          { externalId: pair, attributes: { [pair]: pair } },
          { externalId: '\uFFFD' },
        ]);
        expect(await s.getCustomer(pair)).toMatchObject({ externalId: pair, attributes: { [pair]: pair } });
        expect(await s.getCustomer('\uD800')).toBeNull();
        expect((await s.getCustomers(['\uD800', '\uFFFD'])).map((c) => c?.externalId ?? null)).toEqual([
          null,
          '\uFFFD',
        ]);
      }),
    );

    it(
      'refuses event columns whose text bytes are not UTF-8 (the adapters that take columns)',
      withStorage(async (s) => {
        if (!s.appendEventColumns) return;
        const builder = new EventColumnsBuilder();
        for (const [id, bytes] of [
          ['ok', [0x6f, 0x6b]],
          ['bad', [0x62, 0xff, 0x64]],
        ] as const) {
          builder.addWithText(
            eventTypeCode('view'),
            at(0).getTime(),
            'c1',
            id,
            Number.NaN,
            Number.NaN,
            Number.NaN,
          );
          builder.textBytes(new Uint8Array(bytes), 0, bytes.length);
          builder.endText();
          builder.nullText();
          builder.nullText();
          builder.nullText();
        }
        await expect(s.appendEventColumns(builder.take())).rejects.toThrow(
          'events[1]: eventId is not valid UTF-8 text',
        );
        expect((await s.counts()).events).toBe(0);
      }),
    );
  });
}
