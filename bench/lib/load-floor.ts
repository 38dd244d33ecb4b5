// The load floor of a first import into PostgreSQL: what its bulk load asks of the server alone, as if the
// client had every row ready at no cost. After an import, the events it stored are written out in binary
// COPY format (untimed); then, timed, one transaction loads them into a new table without indexes and builds
// the primary key (the event id) and the two other indexes of events, and ANALYZE (as bulk-load.ts does). A
// second pass loads the same rows, commits, and builds the three indexes at once on three connections: what
// a load into a table of its own, swapped in once built, could reach (docs/benchmarks/import.md, session 26).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LoadFloor {
  /** COPY of the stored rows into a table without indexes, in seconds. */
  copy: number;
  /** The three index builds one after the other. */
  builds: number;
  /** ANALYZE and COMMIT after them. */
  finish: number;
  /** The three index builds at once on three connections (after a committed COPY), wall seconds. */
  concurrentBuilds: number;
}

const INDEXES = [
  'ALTER TABLE floor_events ADD PRIMARY KEY (event_id)',
  'CREATE INDEX ON floor_events (ts, seq)',
  'CREATE INDEX ON floor_events (customer_id, ts, seq) WHERE customer_id IS NOT NULL',
];

function psqlArgs(database: string): string[] {
  return ['-h', '127.0.0.1', '-U', 'postgres', '-d', database, '-v', 'ON_ERROR_STOP=1', '-qf', '-'];
}

function psqlScript(database: string, script: string): { ok: boolean; out: string; ms: number[] } {
  const r = spawnSync('psql', psqlArgs(database), { input: script, encoding: 'utf8' });
  const ms = [...r.stdout.matchAll(/Time: ([\d.]+) ms/g)].map((m) => Number(m[1]));
  return { ok: r.status === 0, out: `${r.stdout}${r.stderr}`.trim(), ms };
}

function psqlAsync(database: string, script: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('psql', psqlArgs(database), { stdio: ['pipe', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(0) : reject(new Error(`psql exited with ${code}`))));
    child.stdin.end(script);
  });
}

/** The load floor on `database`, which holds the import's events; null (and a message) when psql fails. */
export async function loadFloor(database: string): Promise<LoadFloor | null> {
  const dir = mkdtempSync(join(tmpdir(), 'storewise-load-floor-'));
  const rows = join(dir, 'events.bin');
  try {
    const exported = psqlScript(
      database,
      `\\copy (SELECT * FROM events ORDER BY seq) TO '${rows}' WITH (FORMAT binary)`,
    );
    if (!exported.ok) throw new Error(exported.out);
    const serial = psqlScript(
      database,
      `SET maintenance_work_mem = '256MB';
\\timing on
BEGIN;
CREATE TABLE floor_events (LIKE events INCLUDING DEFAULTS);
\\copy floor_events FROM '${rows}' WITH (FORMAT binary)
${INDEXES.join(';\n')};
ANALYZE floor_events;
COMMIT;
\\timing off
DROP TABLE floor_events;
`,
    );
    // BEGIN, CREATE, COPY, three builds, ANALYZE, COMMIT.
    if (!serial.ok || serial.ms.length !== 8) throw new Error(serial.out);
    const loaded = psqlScript(
      database,
      `CREATE TABLE floor_events (LIKE events INCLUDING DEFAULTS);
\\copy floor_events FROM '${rows}' WITH (FORMAT binary)
CHECKPOINT;`,
    );
    if (!loaded.ok) throw new Error(loaded.out);
    const started = performance.now();
    await Promise.all(
      INDEXES.map((statement) => psqlAsync(database, `SET maintenance_work_mem = '256MB';\n${statement};\n`)),
    );
    const concurrentBuilds = (performance.now() - started) / 1000;
    psqlScript(database, 'DROP TABLE floor_events;');
    const [, , copy, pk, ts, customer, analyze, commit] = serial.ms as number[];
    return {
      copy: copy! / 1000,
      builds: (pk! + ts! + customer!) / 1000,
      finish: (analyze! + commit!) / 1000,
      concurrentBuilds,
    };
  } catch (error) {
    console.error(`load floor failed: ${(error as Error).message}`);
    psqlScript(database, 'DROP TABLE IF EXISTS floor_events;');
    return null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
