import type { ApiKeyRecord, Storage } from '@storewise/storage';
import { hashSecret, isScope, parseApiKey, type Scope, secretMatches } from './api-key.js';
import type { AuthRefusal } from './auth-refusals.js';

/** Who is calling: the key's id and scopes, and the customer a customer token names (customer-token.ts). */
export interface Principal {
  keyId: string;
  scopes: ReadonlySet<Scope>;
  customerId: string | null;
}

export type AuthOutcome =
  | { kind: 'anonymous' }
  | { kind: 'authenticated'; principal: Principal }
  | { kind: 'refused'; reason: string; code: AuthRefusal };

type KeyHeaders = {
  authorization?: string | undefined;
  'x-api-key'?: string | string[] | undefined;
};

/** Reads the key from `Authorization: Bearer <key>` or `X-Api-Key: <key>`. */
export function keyFromHeaders(headers: KeyHeaders): string | null {
  const auth = headers.authorization;
  if (auth !== undefined && auth.trim() !== '') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    return m ? m[1]! : auth.trim();
  }
  const x = headers['x-api-key'];
  const value = Array.isArray(x) ? x[0] : x;
  return value !== undefined && value.trim() !== '' ? value.trim() : null;
}

/** The header `keyFromHeaders` reads the key from (authorization when neither holds one). */
export function keyHeaderName(headers: KeyHeaders): 'authorization' | 'x-api-key' {
  return (headers.authorization ?? '').trim() === '' && keyFromHeaders(headers) !== null
    ? 'x-api-key'
    : 'authorization';
}

// Compared against when the key id is unknown, so that an unknown id costs the same hash and compare.
const UNKNOWN_KEY_HASH = hashSecret('storewise-unknown-key');

/**
 * Checks API keys against storage: the secret's SHA-256 is compared in constant time, revoked keys are
 * refused, and `last_used_at` is written at most once per `touchIntervalMs` per key.
 */
export class Authenticator {
  private readonly lastTouched = new Map<string, number>();
  private readonly cache = new Map<string, { record: ApiKeyRecord | null; until: number }>();

  /**
   * `cacheMs` keeps a looked-up key record (or its absence) for that long, saving a database read per
   * request; a key revoked through this gateway is dropped from the cache at once, one revoked by another
   * process is refused within `cacheMs`. 0 reads the database on every request.
   */
  constructor(
    private readonly storage: Storage,
    private readonly cacheMs = 0,
    private readonly touchIntervalMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  async authenticate(key: string | null): Promise<AuthOutcome> {
    if (key === null) return { kind: 'anonymous' };
    const parsed = parseApiKey(key);
    if (parsed === null)
      return { kind: 'refused', reason: 'the API key is malformed', code: 'API_KEY_MALFORMED' };
    const record = await this.lookup(parsed.keyId);
    const matches = secretMatches(parsed.secret, record?.secretHash ?? UNKNOWN_KEY_HASH);
    if (record === null || !matches)
      return { kind: 'refused', reason: 'the API key is not valid', code: 'API_KEY_INVALID' };
    if (record.revokedAt !== null)
      return { kind: 'refused', reason: 'the API key has been revoked', code: 'API_KEY_REVOKED' };
    this.touch(record.keyId);
    return {
      kind: 'authenticated',
      principal: { keyId: record.keyId, scopes: new Set(record.scopes.filter(isScope)), customerId: null },
    };
  }

  /** Forgets what is cached about a key (after it is revoked, say). */
  forget(keyId: string): void {
    this.lastTouched.delete(keyId);
    this.cache.delete(keyId);
  }

  private async lookup(keyId: string): Promise<ApiKeyRecord | null> {
    if (this.cacheMs <= 0) return this.storage.getApiKey(keyId);
    const now = this.now();
    const hit = this.cache.get(keyId);
    if (hit !== undefined && hit.until > now) return hit.record;
    const record = await this.storage.getApiKey(keyId);
    if (this.cache.size >= 10_000) this.cache.clear();
    this.cache.set(keyId, { record, until: now + this.cacheMs });
    return record;
  }

  private touch(keyId: string): void {
    const now = this.now();
    const last = this.lastTouched.get(keyId);
    if (last !== undefined && now - last < this.touchIntervalMs) return;
    this.lastTouched.set(keyId, now);
    // A failed bookkeeping write must not fail the request; the next interval tries again.
    this.storage.touchApiKey(keyId, new Date(now)).catch(() => this.lastTouched.delete(keyId));
  }
}
