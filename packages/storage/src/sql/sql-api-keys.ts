/** The gateway's API keys (only a SHA-256 of each secret is stored). */
import { and, asc, eq, isNull } from 'drizzle-orm';
import { apiKeyExists } from '../storage-errors.js';
import type { ApiKeyInput, ApiKeyRecord } from '../types.js';
import { unstorableText, validateApiKey } from '../validate.js';
import type { Db } from './db.js';
import { apiKeys } from './schema.js';

export async function createApiKey(db: Db, key: ApiKeyInput): Promise<ApiKeyRecord> {
  validateApiKey(key);
  const [row] = await db
    .insert(apiKeys)
    .values({ keyId: key.keyId, secretHash: key.secretHash, scopes: key.scopes, label: key.label ?? null })
    .onConflictDoNothing()
    .returning();
  if (!row) throw apiKeyExists(key.keyId);
  return row;
}

export async function getApiKey(db: Db, keyId: string): Promise<ApiKeyRecord | null> {
  if (unstorableText(keyId)) return null;
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.keyId, keyId));
  return row ?? null;
}

export function listApiKeys(db: Db): Promise<ApiKeyRecord[]> {
  return db.select().from(apiKeys).orderBy(asc(apiKeys.createdAt), asc(apiKeys.keyId));
}

export async function revokeApiKey(db: Db, keyId: string, at = new Date()): Promise<boolean> {
  if (unstorableText(keyId)) return false;
  const rows = await db
    .update(apiKeys)
    .set({ revokedAt: at })
    .where(and(eq(apiKeys.keyId, keyId), isNull(apiKeys.revokedAt)))
    .returning({ keyId: apiKeys.keyId });
  return rows.length > 0;
}

export async function touchApiKey(db: Db, keyId: string, at: Date): Promise<void> {
  if (unstorableText(keyId)) return;
  await db.update(apiKeys).set({ lastUsedAt: at }).where(eq(apiKeys.keyId, keyId));
}
