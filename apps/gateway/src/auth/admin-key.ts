import type { Storage } from '@storewise/storage';
import { generateApiKey, hashSecret, parseApiKey } from './api-key.js';

export const ENV_ADMIN_KEY_LABEL = 'STOREWISE_ADMIN_KEY';
export const GENERATED_ADMIN_KEY_LABEL = 'admin key generated at start';
/** Labels only starts give their admin keys (createApiKey refuses them: a start revokes such keys). */
export const START_KEY_LABELS: ReadonlySet<string> = new Set([
  ENV_ADMIN_KEY_LABEL,
  GENERATED_ADMIN_KEY_LABEL,
]);

export interface AdminKeySetup {
  /** The full key when it was generated now (print it once); null when it came from the environment. */
  generatedKey: string | null;
  keyId: string;
}

/** What a start will do about its admin key, checked before it changes anything (checkAdminKey). */
export type AdminKeyPlan =
  | { kind: 'generate' }
  | { kind: 'env'; keyId: string; secretHash: string; stored: boolean };

/**
 * Checks `STOREWISE_ADMIN_KEY` without writing: a malformed key, a stored key with the same id but another
 * secret, or a revoked one is an error. Without it, a key will be generated.
 */
export async function checkAdminKey(storage: Storage, envKey: string | undefined): Promise<AdminKeyPlan> {
  if (envKey === undefined || envKey.trim() === '') return { kind: 'generate' };
  const parsed = parseApiKey(envKey);
  if (parsed === null) {
    throw new Error(
      'STOREWISE_ADMIN_KEY must look like sw_<16 hex digits>_<32 base64url characters>; unset it to have one generated',
    );
  }
  const secretHash = hashSecret(parsed.secret);
  const existing = await storage.getApiKey(parsed.keyId);
  if (existing !== null && existing.secretHash !== secretHash)
    throw new Error(`STOREWISE_ADMIN_KEY: key ${parsed.keyId} is stored with another secret`);
  if (existing !== null && existing.revokedAt !== null)
    throw new Error(`STOREWISE_ADMIN_KEY: key ${parsed.keyId} has been revoked; set a new key`);
  return { kind: 'env', keyId: parsed.keyId, secretHash, stored: existing !== null };
}

/**
 * Carries out a plan: stores the key from the environment (hash only) if it is not yet, or generates and
 * stores a fresh one. Then every other admin key an earlier start made (generated, or an earlier
 * `STOREWISE_ADMIN_KEY`) is revoked: they sit in those starts' logs, or were replaced on purpose, so the only
 * admin key a start leaves live is the one it uses. Keys made with createApiKey are left alone. Several
 * gateways on one database therefore share one `STOREWISE_ADMIN_KEY` (each start of one without it
 * revokes the key the others printed).
 */
export async function applyAdminKey(
  storage: Storage,
  plan: AdminKeyPlan,
  now: Date = new Date(),
): Promise<AdminKeySetup> {
  let setup: AdminKeySetup;
  if (plan.kind === 'env') {
    if (!plan.stored) await storeEnvKey(storage, plan);
    setup = { generatedKey: null, keyId: plan.keyId };
  } else {
    const fresh = generateApiKey();
    await storage.createApiKey({
      keyId: fresh.keyId,
      secretHash: hashSecret(fresh.secret),
      scopes: ['admin'],
      label: GENERATED_ADMIN_KEY_LABEL,
    });
    setup = { generatedKey: fresh.key, keyId: fresh.keyId };
  }
  for (const k of await storage.listApiKeys()) {
    if (k.label !== null && START_KEY_LABELS.has(k.label) && k.revokedAt === null && k.keyId !== setup.keyId)
      await storage.revokeApiKey(k.keyId, now);
  }
  return setup;
}

/**
 * Stores the environment's key. Another gateway starting with the same key on the same database may have
 * stored it since checkAdminKey looked: the same key then (same secret, live) is fine, as it would have been
 * had it been stored before; the second of two such starts ended on "keyId already exists".
 */
async function storeEnvKey(storage: Storage, plan: Extract<AdminKeyPlan, { kind: 'env' }>): Promise<void> {
  try {
    await storage.createApiKey({
      keyId: plan.keyId,
      secretHash: plan.secretHash,
      scopes: ['admin'],
      label: ENV_ADMIN_KEY_LABEL,
    });
  } catch (error) {
    const stored = await storage.getApiKey(plan.keyId);
    if (stored === null || stored.secretHash !== plan.secretHash || stored.revokedAt !== null) throw error;
  }
}

/** checkAdminKey, then applyAdminKey. */
export async function ensureAdminKey(
  storage: Storage,
  envKey: string | undefined,
  now: Date = new Date(),
): Promise<AdminKeySetup> {
  return applyAdminKey(storage, await checkAdminKey(storage, envKey), now);
}
