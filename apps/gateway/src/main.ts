#!/usr/bin/env node
import { createServer } from 'node:net';
import { loadPlugins } from '@storewise/engine';
import { resolveDatabase } from '@storewise/storage';
import { commaList, readGatewayConfig } from './config/gateway-config.js';
import { createLogger } from './observability/logger.js';
import { startDemoGateway } from './startup/start-demo.js';

/**
 * What the start says to the person who ran it (progress, the admin key, the curl command, the shutdown) goes
 * to stderr: stdout carries only the logger's JSON lines, for a log collector to parse.
 */
const log = (line: string) => process.stderr.write(`${line}\n`);
/** pino's levels, and silent. */
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
/** How long a shutdown may take in all: requests get 10 s (Apollo's drain), the database the rest. */
const SHUTDOWN_DEADLINE_MS = 30_000;

/**
 * `pnpm start`: the database from --db, else DATABASE_URL, else ./.storewise/data; PORT (default 4000);
 * HOST (default: all interfaces); STOREWISE_PLUGINS, modules of contributed recommenders. One owner of the signals: SIGINT/SIGTERM drain the requests in
 * flight, stop the server, then close the database.
 */
async function main(): Promise<void> {
  const config = readGatewayConfig(process.env);
  const dbFlag = process.argv.indexOf('--db');
  const database = resolveDatabase(dbFlag >= 0 ? process.argv[dbFlag + 1] : undefined, process.env);
  const port = Number(process.env.PORT ?? 4000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a port number, got "${process.env.PORT}"`);
  }
  // A port in use is found before a first start's import and training, not after them.
  await checkPortFree(port, process.env.HOST);
  const logLevel = process.env.STOREWISE_LOG_LEVEL?.trim() || 'info';
  if (!LOG_LEVELS.includes(logLevel))
    throw new Error(
      `STOREWISE_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${process.env.STOREWISE_LOG_LEVEL}"`,
    );
  const drainText = process.env.STOREWISE_DRAIN_DELAY_SECONDS?.trim() || '0';
  const drainDelayMs = Number(drainText) * 1000;
  if (!(Number.isFinite(drainDelayMs) && drainDelayMs >= 0 && drainDelayMs <= 300_000))
    throw new Error(
      `STOREWISE_DRAIN_DELAY_SECONDS must be a number of seconds from 0 to 300, got "${process.env.STOREWISE_DRAIN_DELAY_SECONDS}"`,
    );
  const demo = process.env.STOREWISE_DEMO?.trim() || 'auto';
  if (demo !== 'auto' && demo !== 'always' && demo !== 'never')
    throw new Error(`STOREWISE_DEMO must be auto, always or never, got "${process.env.STOREWISE_DEMO}"`);
  // Contributed recommenders, to train and serve by name: modules named in STOREWISE_PLUGINS (comma-separated).
  const plugins = commaList(process.env.STOREWISE_PLUGINS);
  if (plugins.length > 0) log(`Plugins: ${(await loadPlugins(plugins, process.cwd())).join(', ')}`);
  // A signal before the gateway serves (an orchestrator giving up on a slow first start) ends the process
  // saying so: without a handler Node exits on it without a word.
  const duringStart = (signal: NodeJS.Signals) => {
    process.stderr.write(`storewise gateway: ${signal} during the start, before serving: exiting\n`);
    process.exit(1);
  };
  process.once('SIGINT', duringStart);
  process.once('SIGTERM', duringStart);
  const started = await startDemoGateway({
    database,
    port,
    ...(process.env.HOST !== undefined ? { host: process.env.HOST } : {}),
    config,
    ...(process.env.STOREWISE_ADMIN_KEY !== undefined ? { adminKey: process.env.STOREWISE_ADMIN_KEY } : {}),
    demo,
    log,
    logger: createLogger(logLevel),
  });
  process.off('SIGINT', duringStart);
  process.off('SIGTERM', duringStart);
  log('');
  log('Press Ctrl+C to stop.');
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      // A second signal does not wait: the operator asked twice.
      process.stderr.write(`storewise gateway: ${signal} again: exiting without waiting\n`);
      process.exit(1);
    }
    stopping = true;
    log(
      drainDelayMs > 0
        ? `${signal}: not ready from now on; serving ${drainDelayMs / 1000} s more (STOREWISE_DRAIN_DELAY_SECONDS), then finishing requests in flight (up to 10 s) and closing the database (a second signal exits at once)...`
        : `${signal}: finishing requests in flight (up to 10 s), then closing the database (a second signal exits at once)...`,
    );
    started.beginDraining();
    // A request stuck in the database (a lock) holds the database's closing: after this long the process
    // exits anyway, saying so.
    setTimeout(() => {
      process.stderr.write(
        `storewise gateway: still closing after ${SHUTDOWN_DEADLINE_MS / 1000} s (a database query that does not end?): exiting\n`,
      );
      process.exit(1);
    }, drainDelayMs + SHUTDOWN_DEADLINE_MS).unref();
    const stop = () => started.stop();
    new Promise((resolve) => setTimeout(resolve, drainDelayMs)).then(stop).then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`storewise gateway: shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

/** Resolves when `port` can be listened on (then closed again); else throws naming PORT. */
function checkPortFree(port: number, host: string | undefined): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          error.code === 'EADDRINUSE'
            ? `port ${port} is in use (another gateway?): stop it, or set PORT to a free port`
            : `cannot listen on port ${port}: ${error.message}`,
        ),
      ),
    );
    probe.listen({ port, ...(host !== undefined ? { host } : {}) }, () => probe.close(() => resolve()));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`storewise gateway: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
