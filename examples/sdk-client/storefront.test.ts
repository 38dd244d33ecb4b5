// Runs the storefront example against a real gateway serving the demo shop (in memory), as a user would
// against `pnpm start`.
import { spawn } from 'node:child_process';
import { demoShopFormat, demoShopPath, importFile, trainRecommender } from '@storewise/engine';
import { createGateway, ensureAdminKey, type Gateway } from '@storewise/gateway';
import { openStorage, type Storage } from '@storewise/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Runs the example in a child process; asynchronously, since the gateway answers from this process. */
function runExample(
  key: string,
  secret = '',
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('pnpm', ['exec', 'tsx', new URL('./storefront.ts', import.meta.url).pathname], {
      env: {
        ...process.env,
        STOREWISE_URL: url,
        STOREWISE_KEY: key,
        STOREWISE_CUSTOMER_TOKEN_SECRET: secret,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const SECRET = 'the-example-shop-secret-of-32-characters';
let storage: Storage;
let gateway: Gateway;
let url: string;
let adminKey: string;

beforeAll(async () => {
  storage = await openStorage('memory:');
  await importFile(storage, demoShopPath, { format: demoShopFormat });
  await trainRecommender(storage, { model: 'item-knn' });
  adminKey = (await ensureAdminKey(storage, undefined)).generatedKey!;
  gateway = await createGateway({
    storage,
    config: { customerTokenSecret: SECRET },
    logInternalError: () => {},
  });
  url = await gateway.listen(0, '127.0.0.1');
});
afterAll(async () => {
  await gateway.stop();
  await storage.close();
});

describe('examples/sdk-client/storefront.ts', () => {
  it("tracks events and gets a stranger's recommendations with a storefront key, explained ones with a read key, and is refused customer data", async () => {
    const run = await runExample(adminKey);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('tracked 2 events');
    // Without a token, a stranger's list: the popular items.
    expect(run.stdout).toMatch(/recommendations \(POPULAR\):\n( {2}\S+.*\n){5}/);
    const [storefront, server] = run.stdout.split('not bought yet');
    expect(storefront).not.toContain('because of');
    expect(`not bought yet${server}`).toMatch(/not bought yet \((MODEL|FOLD_IN)\):\n( {2}\S+.*\n){5}/);
    expect(server).toContain('because of');
    expect(run.stdout).toMatch(/a storefront key cannot read customers: (FORBIDDEN|UNAUTHORIZED)/);
    expect(run.stdout).toContain('(set STOREWISE_CUSTOMER_TOKEN_SECRET');
  });

  it("shows the logged-in customer's explained list through a customer token when given the secret", async () => {
    const run = await runExample(adminKey, SECRET);
    expect(run.status, run.stderr).toBe(0);
    const loggedIn = run.stdout.split('for the logged-in customer')[1] ?? '';
    expect(loggedIn).toMatch(/^ \((MODEL|FOLD_IN)\):\n( {2}\S+ +because of \S+.*\n){5}/);
    // The same items the shop's server got with its read key and the same rules.
    const skus = (text: string) => [...text.matchAll(/^ {2}(\S+)/gm)].map((m) => m[1]);
    const server = run.stdout.split('not bought yet')[1]!.split('for the logged-in customer')[0]!;
    expect(skus(loggedIn)).toEqual(skus(server));
  });

  it('says what to do when no key is given', async () => {
    const run = await runExample('');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('set STOREWISE_KEY');
  });
});
