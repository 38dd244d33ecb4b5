import { type ChildProcess, spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { unusedPort } from './harness.js';

const main = new URL('../dist/main.js', import.meta.url).pathname;

/** Starts `pnpm start`'s process on the demo shop in memory; resolves once it serves. */
async function startMain(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; base: string; out: () => string }> {
  const port = await unusedPort();
  const child = spawn(process.execPath, [main], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: 'memory:', ...env },
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (out.includes('Press Ctrl+C to stop.')) {
        clearInterval(timer);
        resolve();
      }
    }, 50);
    child.once('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`exited ${code}: ${out}`));
    });
  });
  return { child, base: `http://127.0.0.1:${port}`, out: () => out };
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

describe('the gateway process and its signals', () => {
  it('writes only JSON lines to stdout, the start banner to stderr', async () => {
    const port = await unusedPort();
    const child = spawn(process.execPath, [main], {
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: 'memory:' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const done = exited(child);
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (stderr.includes('Press Ctrl+C to stop.')) {
          clearInterval(timer);
          resolve();
        }
      }, 50);
    });
    // One operation, logged as a JSON line.
    await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ health { status } }' }),
    });
    child.kill('SIGTERM');
    expect(await done).toBe(0);
    expect(stderr).toContain('curl -s');
    const lines = stdout.split('\n').filter((l) => l.trim() !== '');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
    expect(lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'graphql')).toEqual([
      expect.objectContaining({ type: 'query', outcome: 'ok', status: 200 }),
    ]);
  }, 120_000);

  it('is not ready but still serves for STOREWISE_DRAIN_DELAY_SECONDS after SIGTERM, then exits 0', async () => {
    const { child, base, out } = await startMain({ STOREWISE_DRAIN_DELAY_SECONDS: '2' });
    const done = exited(child);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const ready = await fetch(`${base}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([503, { status: 'draining' }]);
    const health = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ health { status } }' }),
    });
    expect(health.status).toBe(200);
    expect(health.headers.get('connection')).toBe('close');
    expect(await done).toBe(0);
    expect(out()).toContain('SIGTERM: not ready from now on; serving 2 s more');
  }, 120_000);

  it('exits at once, code 1, on a second signal', async () => {
    const { child, out } = await startMain({ STOREWISE_DRAIN_DELAY_SECONDS: '30' });
    const done = exited(child);
    child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    child.kill('SIGINT');
    expect(await done).toBe(1);
    expect(out()).toContain('storewise gateway: SIGINT again: exiting without waiting');
  }, 120_000);

  it('says so when a signal comes during the start, before it serves', async () => {
    const port = await unusedPort();
    const child = spawn(process.execPath, [main], {
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: 'memory:' },
    });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    const done = exited(child);
    // The demo's import is under way: long before it serves.
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (out.includes('importing the bundled demo shop')) {
          clearInterval(timer);
          resolve();
        }
      }, 20);
    });
    child.kill('SIGTERM');
    expect(await done).toBe(1);
    expect(out).toContain('storewise gateway: SIGTERM during the start, before serving: exiting');
    expect(out).not.toContain('Press Ctrl+C to stop.');
  }, 120_000);
});
