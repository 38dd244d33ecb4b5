import { openStorage } from '@storewise/storage';
import { describe, expect, it } from 'vitest';
import { ensureAdminKey, GENERATED_ADMIN_KEY_LABEL } from '../src/auth/admin-key.js';
import { generateApiKey, hashSecret, parseApiKey, secretMatches } from '../src/auth/api-key.js';
import { readGatewayConfig } from '../src/config/gateway-config.js';
import { curlExample } from '../src/startup/curl-example.js';

describe('ensureAdminKey', () => {
  it('stores the key from STOREWISE_ADMIN_KEY once (hash only) and accepts it on the next start', async () => {
    const storage = await openStorage('memory:');
    const { key, keyId, secret } = generateApiKey();
    expect(await ensureAdminKey(storage, key)).toEqual({ generatedKey: null, keyId });
    expect(await ensureAdminKey(storage, key)).toEqual({ generatedKey: null, keyId });
    const record = await storage.getApiKey(keyId);
    expect(record).toMatchObject({ scopes: ['admin'], secretHash: hashSecret(secret) });
    await storage.close();
  });

  it('refuses a malformed, a mismatched or a revoked environment key', async () => {
    const storage = await openStorage('memory:');
    await expect(ensureAdminKey(storage, 'letmein')).rejects.toThrow(/STOREWISE_ADMIN_KEY must look like/);
    const { key, keyId } = generateApiKey();
    await ensureAdminKey(storage, key);
    const other = `sw_${keyId}_${'A'.repeat(32)}`;
    await expect(ensureAdminKey(storage, other)).rejects.toThrow(/another secret/);
    await storage.revokeApiKey(keyId);
    await expect(ensureAdminKey(storage, key)).rejects.toThrow(/revoked/);
    await storage.close();
  });

  it('generates a key per start and revokes the one an earlier start generated', async () => {
    const storage = await openStorage('memory:');
    const first = await ensureAdminKey(storage, undefined);
    const second = await ensureAdminKey(storage, '');
    expect(first.generatedKey).not.toBe(second.generatedKey);
    const generated = (await storage.listApiKeys()).filter((k) => k.label === GENERATED_ADMIN_KEY_LABEL);
    expect(generated.filter((k) => k.revokedAt === null).map((k) => k.keyId)).toEqual([second.keyId]);
    await storage.close();
  });
});

describe('api keys', () => {
  it('parses only well-formed keys and compares secrets by hash', () => {
    const { key, keyId, secret } = generateApiKey();
    expect(parseApiKey(key)).toEqual({ keyId, secret });
    expect(parseApiKey(`${key}x`)).toBeNull();
    expect(parseApiKey(key.replace('sw_', 'sk_'))).toBeNull();
    expect(secretMatches(secret, hashSecret(secret))).toBe(true);
    expect(secretMatches(`${secret.slice(1)}x`, hashSecret(secret))).toBe(false);
    // SHA-256("abc"), from FIPS 180-2 appendix B.1.
    expect(hashSecret('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('readGatewayConfig', () => {
  it('reads settings from the environment and refuses bad values by name', () => {
    const c = readGatewayConfig({
      STOREWISE_CORS_ORIGINS: 'https://a.example, http://localhost:3000',
      STOREWISE_RATE_LIMIT_POINTS: '50',
      NODE_ENV: 'production',
    });
    expect(c.corsOrigins).toEqual(['https://a.example', 'http://localhost:3000']);
    expect(c.rateLimitPoints).toBe(50);
    expect(c.introspection).toBe(false);
    expect(readGatewayConfig({ NODE_ENV: 'production', STOREWISE_INTROSPECTION: 'true' }).introspection).toBe(
      true,
    );
    expect(() => readGatewayConfig({ STOREWISE_MAX_DEPTH: '0' })).toThrow(
      /STOREWISE_MAX_DEPTH must be a positive integer/,
    );
    expect(() => readGatewayConfig({ STOREWISE_CORS_ORIGINS: 'https://a.example/path' })).toThrow(
      /not an origin/,
    );
    expect(() => readGatewayConfig({ STOREWISE_INTROSPECTION: 'maybe' })).toThrow(/true or false/);
    const h = readGatewayConfig({
      STOREWISE_HISTORY_CACHE_SECONDS: '0',
      STOREWISE_HISTORY_CACHE_EVENTS: '2000',
    });
    expect([h.historyCacheSeconds, h.historyCacheEvents]).toEqual([0, 2000]);
    expect(readGatewayConfig({}).databasePoolSize).toBe(4);
    expect(readGatewayConfig({ STOREWISE_DATABASE_POOL_SIZE: '12' }).databasePoolSize).toBe(12);
    expect(() => readGatewayConfig({ STOREWISE_DATABASE_POOL_SIZE: '0' })).toThrow(
      /STOREWISE_DATABASE_POOL_SIZE must be a positive integer, got "0"/,
    );
    expect(() => readGatewayConfig({ STOREWISE_HISTORY_CACHE_SECONDS: '-1' })).toThrow(
      /STOREWISE_HISTORY_CACHE_SECONDS must be 0 or a positive integer, got "-1"/,
    );
  });
});

describe('curlExample', () => {
  it('quotes the body for a POSIX shell', () => {
    const text = curlExample('http://localhost:4000/graphql', 'sw_k', "O'Brien");
    expect(text).toContain(`"variables":{"id":"O'\\''Brien"}`);
    expect(text).toContain("-H 'authorization: Bearer sw_k'");
  });
});
