import { openStorage } from '@storewise/storage';
import { describe, expect, it } from 'vitest';
import { applyAdminKey, checkAdminKey, ensureAdminKey } from '../src/auth/admin-key.js';
import { generateApiKey } from '../src/auth/api-key.js';
import { createGateway } from '../src/server/create-gateway.js';
import { gql } from './harness.js';

describe('the admin key across starts', () => {
  it('revokes the key an earlier start generated once STOREWISE_ADMIN_KEY is set', async () => {
    const storage = await openStorage('memory:');
    // First start without STOREWISE_ADMIN_KEY (K1 printed), second with it (K2).
    const k1 = (await ensureAdminKey(storage, undefined)).generatedKey!;
    const k2 = generateApiKey().key;
    expect(await ensureAdminKey(storage, k2)).toMatchObject({ generatedKey: null });
    const gateway = await createGateway({ storage });
    try {
      const url = await gateway.listen(0, '127.0.0.1');
      const q = '{ apiKeys(first: 10) { keyId } }';
      const old = await gql(url, q, { key: k1 });
      expect(old.status).toBe(401);
      expect(old.body.errors?.[0]?.message).toBe('the API key has been revoked');
      expect((await gql(url, q, { key: k2 })).status).toBe(200);
    } finally {
      await gateway.stop();
      await storage.close();
    }
  });

  it('lets two starts with the same STOREWISE_ADMIN_KEY store it at once, and still refuses another secret', async () => {
    const storage = await openStorage('memory:');
    try {
      const key = generateApiKey().key;
      // Both checked the store before either stored the key (two gateways starting together).
      const plans = await Promise.all([checkAdminKey(storage, key), checkAdminKey(storage, key)]);
      expect(plans.map((p) => p.kind === 'env' && p.stored)).toEqual([false, false]);
      const [a, b] = await Promise.all(plans.map((p) => applyAdminKey(storage, p)));
      expect(a).toEqual(b);
      expect((await storage.listApiKeys()).filter((k) => k.revokedAt === null)).toHaveLength(1);
      // The same id with another secret, stored in between, is still refused.
      const other = generateApiKey();
      const forged = `sw_${other.keyId}_${'A'.repeat(32)}`;
      const plan = await checkAdminKey(storage, forged);
      await storage.createApiKey({ keyId: other.keyId, secretHash: 'f'.repeat(64), scopes: ['admin'] });
      await expect(applyAdminKey(storage, plan)).rejects.toThrow(
        `api key ${other.keyId}: keyId already exists`,
      );
    } finally {
      await storage.close();
    }
  });
});
