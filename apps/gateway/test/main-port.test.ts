import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `pnpm start` on a port another process holds: said at once, before a first start imports the demo shop
// and trains (which takes a minute), naming PORT.
let held: Server;
let port: number;

beforeAll(async () => {
  held = createServer();
  await new Promise<void>((resolve) => held.listen(0, '127.0.0.1', resolve));
  port = (held.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => held.close(() => resolve())));

describe('the gateway process', () => {
  it('refuses a port in use before doing any work', () => {
    const main = new URL('../dist/main.js', import.meta.url).pathname;
    const r = spawnSync(process.execPath, [main], {
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: 'memory:' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `storewise gateway: port ${port} is in use (another gateway?): stop it, or set PORT to a free port\n`,
    );
    expect(r.stdout).toBe('');
  });
});
