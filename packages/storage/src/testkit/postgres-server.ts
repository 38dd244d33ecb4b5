/**
 * The PostgreSQL server for tests that need a real one: STOREWISE_TEST_PG_URL, else the local default
 * (postgres://postgres@127.0.0.1:5432/postgres). Without a server the caller skips its tests and this says
 * so on stderr; with CI=true a missing server is an error, because CI must run every test.
 */
import type pg from 'pg';

export interface PostgresTestServer {
  /** False when no server answered (and CI is not set): skip the server tests. */
  available: boolean;
  adminUrl: string;
  /** Creates an empty database; `drop` removes it (and closes any connection left open to it). */
  freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }>;
}

export async function postgresTestServer(
  env: Record<string, string | undefined> = process.env,
): Promise<PostgresTestServer> {
  const adminUrl = env.STOREWISE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const { default: pgModule } = await import('pg');
  const withAdmin = async <T>(fn: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pgModule.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end().catch(() => {});
    }
  };
  let problem: string | null = null;
  try {
    await withAdmin((c) => c.query('SELECT 1'));
  } catch (error) {
    problem = (error as Error).message;
  }
  if (problem !== null) {
    if (env.CI === 'true') {
      throw new Error(
        `CI=true but the PostgreSQL server at ${adminUrl} is unreachable (${problem}); server tests may not skip in CI`,
      );
    }
    console.warn(
      `\n[storewise] SKIPPING PostgreSQL server tests: no server at ${adminUrl} (${problem}).` +
        '\n[storewise] They ran on the embedded database only. Set STOREWISE_TEST_PG_URL to run them.\n',
    );
  }
  return {
    available: problem === null,
    adminUrl,
    async freshDatabase() {
      const name = `storewise_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
      await withAdmin((c) => c.query(`CREATE DATABASE ${name}`));
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return {
        url: url.toString(),
        drop: async () => {
          await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
        },
      };
    },
  };
}
