import { backtestDemand, demoShopFormat, demoShopPath, forecastDemand, importFile } from '@storewise/engine';
import { openStorage } from '@storewise/storage';

const storage = await openStorage(process.argv[2] ?? 'memory:');
await importFile(storage, demoShopPath, { format: demoShopFormat });
await storage.upsertItems([{ sku: '85123A', stock: 60 }]); // the demo records no stock: say 60 on hand
const f = await forecastDemand(storage, { skus: ['85123A'], horizon: 4, leadTimeDays: 14 });
const item = f.items[0]!;
console.log(item.title, item.demandClass, item.method); // the method chosen for this item's weekly demand
console.log(item.periods.map((p) => [p.start.toISOString().slice(0, 10), p.mean, p.lower, p.upper]));
console.log(item.reorder); // reorder point, whether to order now and how much, when the 60 run out
const b = await backtestDemand(storage, { horizon: 4 }); // the last 4 weeks held out, every item
console.log(
  b.items,
  b.scores.map((s) => [s.method, s.wape, s.mase]),
); // chosen per item ('auto') vs baselines
await storage.close();
