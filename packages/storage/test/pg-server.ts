/**
 * Finds the PostgreSQL server for the server tests: STOREWISE_TEST_PG_URL, else the local default.
 * Without a server the tests skip and say so; in CI (CI=true) a missing server is an error.
 */
import pg from 'pg';

export const adminUrl = process.env.STOREWISE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function reachable(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => {});
  }
}

const problem = await reachable(adminUrl);
if (problem !== null) {
  if (process.env.CI === 'true') {
    throw new Error(
      `CI=true but the PostgreSQL server at ${adminUrl} is unreachable (${problem}); server tests may not skip in CI`,
    );
  }
  console.warn(
    `\n[storewise] SKIPPING the PostgreSQL server tests: no server at ${adminUrl} (${problem}).` +
      '\n[storewise] They ran on the embedded database only. Set STOREWISE_TEST_PG_URL to run them.\n',
  );
}
export const serverAvailable = problem === null;

/** Creates an empty database for one test and returns its URL and a function that drops it. */
export async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `storewise_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
