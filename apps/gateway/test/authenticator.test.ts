import { openStorage } from '@storewise/storage';
import { describe, expect, it } from 'vitest';
import { generateApiKey, hashSecret } from '../src/auth/api-key.js';
import { Authenticator } from '../src/auth/authenticator.js';

async function setup() {
  const storage = await openStorage('memory:');
  const k = generateApiKey();
  await storage.createApiKey({ keyId: k.keyId, secretHash: hashSecret(k.secret), scopes: ['read', 'bogus'] });
  return { storage, k };
}

describe('Authenticator', () => {
  it('sees a revocation made elsewhere at once without a cache, and within the cache time with one', async () => {
    const { storage, k } = await setup();
    let clock = 1_000_000;
    const uncached = new Authenticator(storage, 0);
    const cached = new Authenticator(storage, 10_000, 60_000, () => clock);
    expect((await cached.authenticate(k.key)).kind).toBe('authenticated');
    await storage.revokeApiKey(k.keyId);
    expect(await uncached.authenticate(k.key)).toEqual({
      kind: 'refused',
      reason: 'the API key has been revoked',
      code: 'API_KEY_REVOKED',
    });
    expect((await cached.authenticate(k.key)).kind).toBe('authenticated');
    clock += 10_001;
    expect((await cached.authenticate(k.key)).kind).toBe('refused');
    await storage.close();
  });

  it('drops a key from the cache when told it was revoked', async () => {
    const { storage, k } = await setup();
    const cached = new Authenticator(storage, 60_000);
    await cached.authenticate(k.key);
    await storage.revokeApiKey(k.keyId);
    cached.forget(k.keyId);
    expect((await cached.authenticate(k.key)).kind).toBe('refused');
    await storage.close();
  });

  it('keeps only known scopes and writes last use at most once per interval', async () => {
    const { storage, k } = await setup();
    let clock = Date.UTC(2024, 0, 1);
    const touches: number[] = [];
    const touchApiKey = storage.touchApiKey.bind(storage);
    storage.touchApiKey = async (id, at) => {
      touches.push(at.getTime());
      await touchApiKey(id, at);
    };
    const auth = new Authenticator(storage, 0, 60_000, () => clock);
    const outcome = await auth.authenticate(k.key);
    expect(outcome.kind === 'authenticated' && [...outcome.principal.scopes]).toEqual(['read']);
    clock += 30_000;
    await auth.authenticate(k.key);
    clock += 30_001;
    await auth.authenticate(k.key);
    expect(touches).toEqual([Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 1) + 60_001]);
    await storage.close();
  });
});
