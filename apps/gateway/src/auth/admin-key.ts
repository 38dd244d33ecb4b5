import type { Storage } from '@storewise/storage';
import { generateApiKey, hashSecret, parseApiKey } from './api-key.js';

export const ENV_ADMIN_KEY_LABEL = 'STOREWISE_ADMIN_KEY';
export const GENERATED_ADMIN_KEY_LABEL = 'admin key generated at start';

export interface AdminKeySetup {
  /** The full key when it was generated now (print it once); null when it came from the environment. */
  generatedKey: string | null;
  keyId: string;
}

/**
 * Makes sure an admin key exists. With `STOREWISE_ADMIN_KEY` set, that key is stored (hash only) if it is
 * not yet; a stored key with the same id but another secret, or a revoked one, is an error. Without it, a
 * fresh admin key is generated and stored. Either way the keys earlier starts generated are revoked (they
 * sit in those starts' logs), so the only admin key a start leaves live is the one it uses.
 */
export async function ensureAdminKey(
  storage: Storage,
  envKey: string | undefined,
  now: Date = new Date(),
): Promise<AdminKeySetup> {
  if (envKey !== undefined && envKey.trim() !== '') {
    const parsed = parseApiKey(envKey);
    if (parsed === null) {
      throw new Error(
        'STOREWISE_ADMIN_KEY must look like sw_<16 hex digits>_<32 base64url characters>; unset it to have one generated',
      );
    }
    const hash = hashSecret(parsed.secret);
    const existing = await storage.getApiKey(parsed.keyId);
    if (existing === null) {
      await storage.createApiKey({
        keyId: parsed.keyId,
        secretHash: hash,
        scopes: ['admin'],
        label: ENV_ADMIN_KEY_LABEL,
      });
    } else if (existing.secretHash !== hash) {
      throw new Error(`STOREWISE_ADMIN_KEY: key ${parsed.keyId} is stored with another secret`);
    } else if (existing.revokedAt !== null) {
      throw new Error(`STOREWISE_ADMIN_KEY: key ${parsed.keyId} has been revoked; set a new key`);
    }
    await revokeGeneratedKeys(storage, now);
    return { generatedKey: null, keyId: parsed.keyId };
  }
  await revokeGeneratedKeys(storage, now);
  const fresh = generateApiKey();
  await storage.createApiKey({
    keyId: fresh.keyId,
    secretHash: hashSecret(fresh.secret),
    scopes: ['admin'],
    label: GENERATED_ADMIN_KEY_LABEL,
  });
  return { generatedKey: fresh.key, keyId: fresh.keyId };
}

async function revokeGeneratedKeys(storage: Storage, now: Date): Promise<void> {
  for (const k of await storage.listApiKeys()) {
    if (k.label === GENERATED_ADMIN_KEY_LABEL && k.revokedAt === null)
      await storage.revokeApiKey(k.keyId, now);
  }
}
