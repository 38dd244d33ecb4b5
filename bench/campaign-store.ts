// `pnpm bench campaign-store [--db <database>] [--retail <online_retail.csv.gz>] [--repeats N]`
//
// Campaigns on a real shop: UCI Online Retail (../shared/data/online-retail-I) imported once into a database
// (default: the PGlite directory .storewise/bench-online-retail, shared with `customers-store`; imported here
// when it holds no events, not timed). Then, for a fresh campaign over every customer with a country (3 arms, 20% holdout,
// fixed split, 30-day window), `startCampaign` is timed once (it writes the assignments), and
// `campaignReport` --repeats times: with the store's SQL join of assignments and purchases
// (`bulk.scanCampaignOutcomes`), and with the fallback from the required Storage methods (one event scan per
// assignment), which is the peer here. Both must give the same report. No peer tool: the statistics are
// core's and benchmarked in `pnpm bench campaigns`.
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { campaignReport, createCampaign, importFile, startCampaign } from '@storewise/engine';
import { openStorage, type Storage } from '@storewise/storage';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const opt = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const repeats = Number(opt('repeats', '3'));
const retail = opt('retail', join(root, '..', 'shared', 'data', 'online-retail-I', 'online_retail.csv.gz'));
const db = opt('db', join(root, '.storewise', 'bench-online-retail'));
const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
const ms = (s: number): string => `${(s * 1000).toFixed(0)} ms`;

console.log(
  `machine: ${cpus().length} cores (${cpus()[0]?.model}), Node ${process.version}, load ${loadavg()[0]!.toFixed(1)}`,
);
const storage = await openStorage(db);
if ((await storage.counts()).events === 0) {
  console.log(`importing ${retail} into ${db} (once; not timed) ...`);
  const summary = await importFile(storage, retail, { format: 'online-retail' });
  console.log(`imported: ${summary.accepted} events, ${summary.customers} customers`);
}
const counts = await storage.counts();
console.log(`store: ${storage.kind}: ${counts.customers} customers, ${counts.events} events`);

const id = `bench-${Date.now()}`;
await createCampaign(storage, {
  id,
  name: 'Benchmark campaign',
  audience: { filter: { field: 'country', exists: true } },
  arms: [
    { id: 'ten-off', coupon: true, costPerConversion: 3 },
    { id: 'free-shipping', coupon: true, costPerConversion: 2 },
    { id: 'recs-email', costPerOffer: 0.05 },
  ],
  policy: { type: 'fixed-split' },
  holdout: { fraction: 0.2 },
  attributionWindowDays: 30,
});
let t = performance.now();
const started = await startCampaign(storage, id, new Date('2011-09-01T00:00:00Z'));
const startS = (performance.now() - t) / 1000;
console.log(
  `startCampaign: ${started.decided} customers (${JSON.stringify(started.offered)}, holdout ${started.holdout}) in ${ms(startS)}`,
);

const withoutBulk = (s: Storage): Storage => Object.create(s, { bulk: { value: {} } }) as Storage;
const timeReport = async (s: Storage) => {
  const times: number[] = [];
  let report: Awaited<ReturnType<typeof campaignReport>> | undefined;
  for (let r = 0; r < repeats; r++) {
    t = performance.now();
    report = await campaignReport(s, id);
    times.push((performance.now() - t) / 1000);
  }
  return { report: report!, seconds: median(times) };
};
const bulk = await timeReport(storage);
const fallback = await timeReport(withoutBulk(storage));
if (JSON.stringify(bulk.report) !== JSON.stringify(fallback.report))
  throw new Error('the SQL join and the fallback gave different reports');
const arms = bulk.report.arms
  .map((a) => `${a.arm} ${a.metrics.conversions}/${a.metrics.exposures}`)
  .join(', ');
console.log(`report: ${arms}, holdout ${bulk.report.holdout.conversions}/${bulk.report.holdout.exposures}`);
console.log(
  `campaignReport (median of ${repeats}): SQL join ${ms(bulk.seconds)}, fallback ${ms(fallback.seconds)} (${(fallback.seconds / bulk.seconds).toFixed(1)}x the SQL join's time)`,
);
await storage.close();
