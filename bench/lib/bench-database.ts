// A fresh database on the local PostgreSQL server for one benchmark run (127.0.0.1:5432, user postgres,
// trust auth, as on this machine), dropped again by `drop`.
import { spawnSync } from 'node:child_process';

const SERVER = 'postgres://postgres@127.0.0.1:5432';

function psql(sql: string): boolean {
  return spawnSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-d', 'postgres', '-qc', sql]).status === 0;
}

/** The database `name`, dropped and created again; null when no server answers. */
export function freshBenchDatabase(name: string): { url: string; drop(): void } | null {
  if (!psql(`DROP DATABASE IF EXISTS ${name}`) || !psql(`CREATE DATABASE ${name}`)) return null;
  return { url: `${SERVER}/${name}`, drop: () => void psql(`DROP DATABASE IF EXISTS ${name}`) };
}
