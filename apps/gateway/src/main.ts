#!/usr/bin/env node
import { buildShopReport, demoShopFormat, demoShopPath, importFile } from '@storewise/engine';
import { openStorage, resolveDatabase, type Storage } from '@storewise/storage';
import { ensureAdminKey } from './auth/admin-key.js';
import { readGatewayConfig } from './config/gateway-config.js';
import { createGateway } from './server/create-gateway.js';
import { curlExample } from './startup/curl-example.js';

const log = (line: string) => process.stdout.write(`${line}\n`);

/** Imports the bundled demo shop into an empty database, so a first start has something to serve. */
async function seedDemoShop(storage: Storage): Promise<void> {
  const counts = await storage.counts();
  if (counts.events > 0) {
    log(`Database holds ${counts.customers} customers, ${counts.items} items, ${counts.events} events.`);
    return;
  }
  log('Empty database: importing the bundled demo shop (a slice of UCI Online Retail)...');
  const summary = await importFile(storage, demoShopPath, { format: demoShopFormat });
  const report = await buildShopReport(storage);
  log(
    `Imported ${summary.accepted} rows (${summary.rejected.total} rejected): ${report.customers} customers, ${report.items} items, ${report.events} events.`,
  );
}

async function firstCustomerId(storage: Storage): Promise<string | null> {
  for await (const batch of storage.scanCustomers({ batchSize: 1 })) return batch[0]?.externalId ?? null;
  return null;
}

/**
 * The main job (`pnpm start`): opens the database (--db, else DATABASE_URL, else ./.storewise/data),
 * imports the demo shop when it is empty, makes sure an admin key exists, serves GraphQL on PORT
 * (default 4000) and prints a ready-to-paste curl example. SIGINT/SIGTERM drain requests, then close
 * the database.
 */
async function main(): Promise<void> {
  const config = readGatewayConfig(process.env);
  const dbFlag = process.argv.indexOf('--db');
  const spec = resolveDatabase(dbFlag >= 0 ? process.argv[dbFlag + 1] : undefined, process.env);
  const port = Number(process.env.PORT ?? 4000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, got "${process.env.PORT}"`);
  log(`Opening the database at ${spec.replace(/\/\/[^@/]*@/, '//***@')}...`);
  const storage = await openStorage(spec);
  await seedDemoShop(storage);
  const admin = await ensureAdminKey(storage, process.env.STOREWISE_ADMIN_KEY);
  const gateway = await createGateway({ storage, config });
  const url = await gateway.listen(port, process.env.HOST);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: finishing requests in flight, then closing the database...`);
    await gateway.stop();
    await storage.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  const key = admin.generatedKey ?? process.env.STOREWISE_ADMIN_KEY!;
  log('');
  log(`Storewise GraphQL gateway ready at ${url}`);
  log(
    admin.generatedKey !== null
      ? `Admin key (generated for this start; set STOREWISE_ADMIN_KEY to keep one): ${admin.generatedKey}`
      : `Admin key: the one in STOREWISE_ADMIN_KEY (id ${admin.keyId})`,
  );
  log('');
  log('Try it:');
  log(curlExample(url, key, await firstCustomerId(storage)));
  log('');
  log('Press Ctrl+C to stop.');
}

main().catch((error: unknown) => {
  process.stderr.write(`storewise gateway: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
