import { openStorage } from '@storewise/storage';
import { describe, expect, it } from 'vitest';
import { ensureAdminKey } from '../src/auth/admin-key.js';
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
});
