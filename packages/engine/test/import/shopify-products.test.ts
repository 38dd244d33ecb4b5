import { describe, expect, it } from 'vitest';
import { FORMAT_READERS } from '../../src/import/index.js';
import { problemsOf, readAll } from '../helpers/read-all.js';

// shopify-products.csv: Shopify's products export header, seven rows of five products (written by
// Python's csv module): a mug in two sizes with a third image row, gift wrapping with no SKU and one
// variant, a draft scarf, a gift card, and a plate with a bad price and stock.
describe('Shopify products reader', () => {
  it('reads each variant as an item, passes over image rows, and marks what is not for sale', async () => {
    const rows = await readAll(FORMAT_READERS['shopify-products'], 'shopify-products.csv');
    expect(rows.map((r) => r.line)).toEqual([2, 3, 5, 6, 7, 8]); // line 4 adds an image only
    expect(rows.map((r) => r.item)).toEqual([
      {
        sku: 'MUG-S',
        title: 'Blue mug - Small',
        categoryPath: ['Home & Garden', 'Kitchen & Dining', 'Drinkware', 'Mugs'],
        price: 12.5,
        stock: 12,
        attributes: { recommendable: true },
      },
      {
        // The product's columns from its first row.
        sku: 'MUG-L',
        title: 'Blue mug - Large',
        categoryPath: ['Home & Garden', 'Kitchen & Dining', 'Drinkware', 'Mugs'],
        price: 14,
        stock: 0,
        attributes: { recommendable: true },
      },
      {
        // No SKU, one variant: its name is the key, as a line item of it is named in the orders export.
        sku: 'Gift wrapping',
        title: 'Gift wrapping',
        categoryPath: ['Service'],
        price: 3,
        attributes: { recommendable: true },
      },
      {
        sku: 'SC-R-M',
        title: 'Winter scarf - Red / M',
        categoryPath: ['Scarves'],
        price: 25,
        stock: 4,
        attributes: { recommendable: false }, // a draft
      },
      {
        sku: 'GC-25',
        title: 'Gift card - €25',
        price: 25,
        attributes: { recommendable: false }, // a gift card
      },
      null,
    ]);
    expect(problemsOf(rows)).toEqual([
      '8:Variant Price:non-numeric price',
      '8:Variant Inventory Qty:non-integer stock',
    ]);
  });
});
