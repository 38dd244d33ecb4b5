import type { Redis } from 'ioredis';

/** Connects to Redis for the shared rate budgets; ioredis loads only when a Redis URL is configured. */
export async function connectRedis(url: string): Promise<Redis> {
  const { Redis: RedisClient } = await import('ioredis');
  const client = new RedisClient(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
  });
  // A failed connect is reported below, once, and a later lost connection by the commands that fail
  // (rate-limit.ts): without a listener ioredis also prints "[ioredis] Unhandled error event" for each.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    throw new Error(`STOREWISE_REDIS_URL: cannot connect to Redis (${(error as Error).message})`);
  }
  return client;
}
