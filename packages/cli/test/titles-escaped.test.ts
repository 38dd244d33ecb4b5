import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/index.js';
import { displayText } from '../src/render.js';
import { testIo } from './cli-io.js';

const dir = mkdtempSync(join(tmpdir(), 'storewise-cli-titles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const db = join(dir, 'db');

/** The shop of fixtures/shop-events.csv, with the title of A ("Mug") written across two lines in the file. */
function shopWithBrokenTitle(): string {
  const shop = readFileSync(new URL('./fixtures/shop-events.csv', import.meta.url), 'utf8');
  const path = join(dir, 'shop.csv');
  writeFileSync(path, shop.replace(',Mug,', ',"Mug\nblue",'));
  return path;
}
const file = shopWithBrokenTitle();

/** The text output of `args` on the database, which must succeed. */
async function text(args: string[]): Promise<string> {
  const io = testIo(dir);
  expect(await main([...args, '--db', db], io), io.err()).toBe(0);
  return io.out();
}

describe('titles and ids holding a line break', () => {
  beforeAll(async () => {
    expect(await main(['import', file, '--format', 'events', '--db', db, '--json'], testIo(dir))).toBe(0);
    expect(await main(['train', 'recs', '--model', 'item-knn', '--db', db, '--json'], testIo(dir))).toBe(0);
  });

  it('are shown escaped, as rejects shows raw rows, and plain text as it is', () => {
    expect(displayText('Mug\nblue')).toBe('"Mug\\nblue"');
    expect(displayText('tab\there\u0085')).toBe('"tab\\there\\u0085"');
    expect(displayText('Tall mug, "large"')).toBe('Tall mug, "large"');
  });

  it('stay on one line in info, recommend (with its because) and forecast', async () => {
    const info = await text(['info']);
    expect(info).toMatch(/^ +\d+ {2}A {12}"Mug\\nblue"$/m);
    expect(info).not.toContain('Mug\nblue');

    const like = await text(['recommend', '--item', 'A', '--k', '2']);
    expect(like.split('\n')[0]).toBe('2 recommendations like A ("Mug\\nblue")');
    // c4 bought D and E; A is recommended to c6 because of items bought with it. Every line is one item.
    const cart = await text(['recommend', '--cart', 'A', '--k', '1']);
    expect(cart).toMatch(/^1 recommendation to go with the cart A\n {2}1\. \S+ .* with "Mug\\nblue"\n$/);
    const forC4 = await text(['recommend', 'c4', '--k', '6']);
    expect(forC4).toMatch(/^ {2}\d\. A {2}"Mug\\nblue" {2}\d\.\d{4} {2}because you bought /m);
    expect(forC4.split('\n').filter((l) => l !== '').length).toBe(
      1 + Number(/^(\d+) recommendations?/.exec(forC4)![1]),
    );

    const forecast = await text(['forecast', '--period', 'day', '--horizon', '7', '--all']);
    expect(forecast).toMatch(/^ {2}A "Mug\\nblue": \S+ \(\w+\), [\d.]+ units over the horizon$/m);
    expect(forecast).not.toContain('Mug\nblue');
  });
});
