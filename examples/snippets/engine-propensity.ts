import {
  customerProfile,
  demoShopFormat,
  demoShopPath,
  importFile,
  trainPurchasePropensity,
} from '@storewise/engine';
import { openStorage } from '@storewise/storage';

const storage = await openStorage(process.argv[2] ?? 'memory:');
await importFile(storage, demoShopPath, { format: demoShopFormat });
const r = await trainPurchasePropensity(storage, { horizonDays: 30, model: 'logreg', seed: 0 });
console.log(r.population, r.holdout); // customers at the cutoff and buyers; ROC AUC, PR AUC, log loss, Brier, lift
console.log(await customerProfile(storage, '12347')); // recency, frequency, ..., and the stored p_purchase_30d
await storage.close();
