/**
 * The peer of `pnpm bench forecast`: bench/peers/forecast_backtest.py (pandas and statsmodels), run on the
 * same file and held-out weeks; its scores, and per item what it read (to compare with the engine's series).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PeerScore {
  wape: number;
  bias: number;
  mase: number;
  maseItems: number;
  fellBack: number;
  seconds: number;
}

export interface Peer {
  versions: Record<string, string>;
  import: { rows: number; duplicates: number; rejected: number; events: number };
  loadSeconds: number;
  seriesSeconds: number;
  historyStart: string;
  testStart: string;
  testEnd: string;
  items: number;
  newItems: number;
  actualUnits: number;
  longestHistory: number;
  returnFirst: number;
  scores: Record<'ses' | 'holt-damped' | 'naive' | 'mean', PeerScore>;
  forecast: { series: number; sesFits: number; seconds: number };
}

/** Per item: series start (ms), history length, history units, held-out units, SES SSE, damped SSE, SES params, damped params. */
export type PeerItems = Record<
  string,
  [number, number, number, number, number | null, number | null, number[] | null, number[] | null]
>;

/** Runs the peer with `python` (exits the bench when it fails). */
export function runForecastPeer(
  python: string,
  root: string,
  retail: string,
  horizon: number,
  phiBounds: string,
): { peer: Peer; peerItems: PeerItems } {
  const itemsFile = join(tmpdir(), `storewise-forecast-peer-${process.pid}.json`);
  const run = spawnSync(
    python,
    [
      join(root, 'bench', 'peers', 'forecast_backtest.py'),
      retail,
      '--horizon',
      String(horizon),
      '--items-out',
      itemsFile,
      '--phi-bounds',
      phiBounds,
    ],
    { encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  if (run.status !== 0) {
    console.error(`peer failed (${run.status}): ${run.stderr}`);
    process.exit(1);
  }
  const peer = JSON.parse(run.stdout) as Peer;
  const peerItems = JSON.parse(readFileSync(itemsFile, 'utf8')) as PeerItems;
  rmSync(itemsFile);
  return { peer, peerItems };
}
