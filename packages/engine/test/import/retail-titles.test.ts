import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../src/import/index.js';
import { importTestSetup } from '../helpers/import-adapters.js';

const { dir, adapters: ADAPTERS } = await importTestSetup();
/** Files written so far (each test's file has a name of its own). */
let written = 0;

const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';
// Rows of the UCI Online Retail file, as they are in it: SKU 22548 is "HEADS AND TAILS SPORTING FUN" on
// its 214 sales, and a stock adjustment at price 0 with no customer, after the last of them, names it
// "adjustment"; 23595's only rows are such notes (the second, of quantity -5, is refused).
const SALES_22548 = [
  '536525,22548,HEADS AND TAILS SPORTING FUN,1,2010-12-01 12:54:00,1.25,14078,United Kingdom',
  '575982,22548,HEADS AND TAILS SPORTING FUN,1,2011-11-13 13:42:00,1.25,13798,United Kingdom',
];
const ADJUSTMENT_22548 = '576673,22548,adjustment,4,2011-11-16 11:59:00,0,,United Kingdom';
const NOTES_23595 = [
  '572614,23595,adjustment,5,2011-10-25 11:38:00,0,,United Kingdom',
  '572615,23595,re-adjustment,-5,2011-10-25 11:39:00,0,,United Kingdom',
];

function file(rows: string[]): string {
  const path = join(dir, `retail-${++written}.csv`);
  writeFileSync(path, `${[HEADER, ...rows].join('\n')}\n`);
  return path;
}

describe.each(ADAPTERS)('Online Retail titles on %s', (_name, open) => {
  it("keeps a product's sale title over a later warehouse note at price 0, which only fills a missing title", async () => {
    const storage = await open();
    try {
      const first = await importFile(storage, file([...SALES_22548, ADJUSTMENT_22548, ...NOTES_23595]), {
        format: 'online-retail',
      });
      expect(first).toMatchObject({ accepted: 4, rejected: { total: 1 } });
      expect((await storage.getItem('22548'))?.title).toBe('HEADS AND TAILS SPORTING FUN');
      // No sale names 23595: the note is the only title it has.
      expect((await storage.getItem('23595'))?.title).toBe('adjustment');
      // The note alone, in a later import (the sales' title is stored): it changes nothing.
      const later = await importFile(storage, file([ADJUSTMENT_22548.replace('576673', '576674')]), {
        format: 'online-retail',
      });
      expect(later).toMatchObject({ accepted: 1 });
      expect((await storage.getItem('22548'))?.title).toBe('HEADS AND TAILS SPORTING FUN');
      // A later sale under another name renames the product, as before.
      await importFile(
        storage,
        file(['581000,22548,HEADS AND TAILS GAME,1,2011-12-01 10:00:00,1.25,14078,United Kingdom']),
        { format: 'online-retail' },
      );
      expect((await storage.getItem('22548'))?.title).toBe('HEADS AND TAILS GAME');
    } finally {
      await storage.close();
    }
  });
});
