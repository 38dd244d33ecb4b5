/**
 * One process at a time on an embedded data directory (src/pglite/data-dir-lock.ts), checked with real
 * processes. The children run the built storage (dist/), which `pnpm test` builds first.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStorage } from '../src/index.js';
import { LOCK_FILE } from '../src/pglite/data-dir-lock.js';

const dist = new URL('../dist/index.js', import.meta.url).href;
const root = mkdtempSync(join(tmpdir(), 'storewise-lock-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const inUse = (dir: string, pid: number) =>
  `the embedded database in ${dir} is in use by another process (pid ${pid}); stop it, or use PostgreSQL (--db postgres://...) for several processes`;

/** A process that opens `dir`, appends one event, says "open" and keeps the database open until killed. */
async function holder(dir: string): Promise<ChildProcess> {
  const code = `
    const { openStorage } = await import(${JSON.stringify(dist)});
    const s = await openStorage(process.argv[1]);
    await s.appendEvents([{ eventId: 'held', type: 'view', customerId: 'c', sku: 's', timestamp: new Date(0) }]);
    process.stdout.write('open\\n');
    setInterval(() => {}, 1000);
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code, dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => {
    stderr += d;
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d) => String(d).includes('open') && resolve());
    child.on('exit', (code) => reject(new Error(`the holder exited (${code}): ${stderr}`)));
  });
  return child;
}

/** Runs a process that tries to open `dir`; resolves with what it printed. */
function tryOpen(dir: string): Promise<string> {
  const code = `
    const { openStorage } = await import(${JSON.stringify(dist)});
    try {
      const s = await openStorage(process.argv[1]);
      console.log('opened, events:', (await s.counts()).events);
      await s.close();
    } catch (error) {
      console.log('failed:', error.message);
    }
  `;
  return new Promise((resolve, reject) =>
    execFile(process.execPath, ['--input-type=module', '-e', code, dir], (error, stdout) =>
      error ? reject(error) : resolve(stdout.trim()),
    ),
  );
}

const killed = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.on('exit', () => resolve());
    child.kill('SIGKILL');
  });

describe('the embedded database, opened by two processes', () => {
  it('refuses a second process at once, naming the directory and the holder, until the holder is killed', async () => {
    const dir = join(root, 'shared');
    const first = await holder(dir);
    try {
      expect(await tryOpen(dir)).toBe(`failed: ${inUse(dir, first.pid!)}`);
      await expect(openStorage(dir)).rejects.toThrow(inUse(dir, first.pid!));
      expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
    } finally {
      await killed(first);
    }
    // SIGKILL left the lock file behind: its holder is gone, so it is stale and the next open takes it.
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
    expect(await tryOpen(dir)).toBe('opened, events: 1');
    const storage = await openStorage(dir);
    expect((await storage.counts()).events).toBe(1);
    await storage.close();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  }, 60_000);

  it('lets one process open a directory again after closing it, not twice at once', async () => {
    const dir = join(root, 'sequential');
    const first = await openStorage(dir);
    await expect(openStorage(dir)).rejects.toThrow(
      `the embedded database in ${dir} is already open in this process (pid ${process.pid}): close it before opening it again`,
    );
    await first.appendEvents([
      { eventId: 'e', type: 'view', customerId: 'c', sku: 's', timestamp: new Date(0) },
    ]);
    await first.close();
    const second = await openStorage(dir);
    expect((await second.counts()).events).toBe(1);
    await second.close();
  }, 60_000);

  it('takes over a lock whose pid now belongs to another process, and keeps one held on another host', async () => {
    const dir = join(root, 'reused');
    mkdirSync(dir, { recursive: true });
    const lock = join(dir, LOCK_FILE);
    // This process's pid, but another start time: the process that wrote it is gone and its pid reused.
    writeFileSync(lock, JSON.stringify({ pid: process.pid, hostname: hostname(), started: '1' }));
    const storage = await openStorage(dir);
    await storage.close();
    expect(existsSync(lock)).toBe(false);
    // A holder on another host cannot be asked whether it runs: the message says which file to remove.
    writeFileSync(lock, JSON.stringify({ pid: 4242, hostname: 'elsewhere.invalid', started: null }));
    await expect(openStorage(dir)).rejects.toThrow(
      `the embedded database in ${dir} is in use by another process (pid 4242 on elsewhere.invalid; if it is gone, remove ${lock}); stop it`,
    );
    rmSync(lock);
  }, 60_000);
});
