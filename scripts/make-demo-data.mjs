#!/usr/bin/env node
// Cuts the bundled demo shop out of the UCI Online Retail data set (CC BY 4.0, UCI ML Repository
// id 352): every row of a seeded random choice of customers (at least one per country where the data
// set has one, the rest from the United Kingdom, until about TARGET_ROWS rows), plus a seeded choice
// of anonymous invoices (rows without a CustomerID), rows kept in file order.
//
//   pnpm --filter @storewise/core build && node scripts/make-demo-data.mjs [source.csv.gz]
//
// Writes packages/engine/data/online-retail-demo.csv.gz; the same source and seed give the same file.
import { createReadStream, existsSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip, gzipSync } from 'node:zlib';

const SEED = 20111209;
const TARGET_ROWS = 22_000;
const ANONYMOUS_ROWS = 2_500;
const PER_COUNTRY = 2;

const root = new URL('..', import.meta.url);
const source =
  process.argv[2] ?? new URL('../shared/data/online-retail-I/online_retail.csv.gz', root).pathname;
const rngModule = new URL('packages/core/dist/random/rng.js', root);
if (!existsSync(rngModule)) {
  console.error('build @storewise/core first: pnpm --filter @storewise/core build');
  process.exit(1);
}
const { createRng } = await import(rngModule.href);
const target = new URL('packages/engine/data/online-retail-demo.csv.gz', root).pathname;

/** CustomerID and Country are the last two fields; neither is ever quoted in this file. */
function tail(line) {
  const last = line.lastIndexOf(',');
  const before = line.lastIndexOf(',', last - 1);
  return { customer: line.slice(before + 1, last), country: line.slice(last + 1) };
}

async function* lines() {
  const rl = createInterface({ input: createReadStream(source).pipe(createGunzip()), crlfDelay: Infinity });
  for await (const line of rl) yield line;
}

// Pass 1: customers with their country and row count; anonymous invoices with their row count.
const customers = new Map();
const anonymous = new Map();
let header = null;
for await (const line of lines()) {
  if (header === null) {
    header = line;
    continue;
  }
  const { customer, country } = tail(line);
  if (customer === '') {
    const invoice = line.slice(0, line.indexOf(','));
    anonymous.set(invoice, (anonymous.get(invoice) ?? 0) + 1);
  } else {
    const entry = customers.get(customer) ?? { country, rows: 0 };
    entry.rows++;
    customers.set(customer, entry);
  }
}

const rng = createRng(SEED);
function shuffled(values) {
  const out = [...values].sort();
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const chosen = new Set();
let rows = 0;
const byCountry = new Map();
for (const [id, { country }] of customers) byCountry.set(country, [...(byCountry.get(country) ?? []), id]);
for (const country of [...byCountry.keys()].sort()) {
  if (country === 'United Kingdom') continue;
  for (const id of shuffled(byCountry.get(country)).slice(0, PER_COUNTRY)) {
    chosen.add(id);
    rows += customers.get(id).rows;
  }
}
for (const id of shuffled(byCountry.get('United Kingdom') ?? [])) {
  if (rows >= TARGET_ROWS) break;
  const n = customers.get(id).rows;
  if (n > 400) continue; // a few wholesale accounts hold thousands of rows each
  chosen.add(id);
  rows += n;
}
const chosenInvoices = new Set();
let anonymousRows = 0;
for (const invoice of shuffled(anonymous.keys())) {
  if (anonymousRows >= ANONYMOUS_ROWS) break;
  const n = anonymous.get(invoice);
  if (n > 300) continue;
  chosenInvoices.add(invoice);
  anonymousRows += n;
}

// Pass 2: keep the chosen rows in file order.
const out = [header];
let first = true;
for await (const line of lines()) {
  if (first) {
    first = false;
    continue;
  }
  const { customer } = tail(line);
  if (customer === '' ? chosenInvoices.has(line.slice(0, line.indexOf(','))) : chosen.has(customer))
    out.push(line);
}
const bytes = gzipSync(`${out.join('\n')}\n`, { level: 9 });
writeFileSync(target, bytes);
console.log(
  `${target}: ${out.length - 1} rows (${chosen.size} customers, ${chosenInvoices.size} anonymous invoices), ` +
    `${(bytes.length / 1024).toFixed(0)} KB gzipped`,
);
