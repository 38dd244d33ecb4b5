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
console.log(r.fairness.judged, r.fairness.groups[0]); // per country on the holdout: rows, ROC AUC, selection rate, TPR, ...
console.log(await customerProfile(storage, '12347')); // recency, frequency, ..., and the stored p_purchase_30d
await storage.close();
