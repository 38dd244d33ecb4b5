import { buildShopReport, demoShopFormat, demoShopPath, importFile } from '@storewise/engine';
import { openStorage } from '@storewise/storage';

const storage = await openStorage(process.argv[2] ?? 'memory:');
const summary = await importFile(storage, demoShopPath, {
  format: demoShopFormat, // 'online-retail'; also 'shopify-orders', 'shopify-products', 'shopify-customers', 'events' (CSV or NDJSON), 'orders' (a shop's order lines), 'movielens', 'items' and 'customers'
  onProgress: (p) => process.stderr.write(`\r${p.rows} rows`),
});
console.error();
console.log(summary); // rows, accepted, duplicates, rejected { total, byReason }, customers, items, seconds
console.log((await buildShopReport(storage)).topItems.slice(0, 3));
await storage.close();
