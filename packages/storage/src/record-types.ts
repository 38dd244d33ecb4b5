/**
 * The records storage keeps besides the shop's own data (types.ts): model artifacts, per-customer scores,
 * import rejects and the gateway's API keys.
 */

export interface ModelArtifactInput {
  name: string;
  kind: string;
  params: Record<string, unknown>;
  metrics: Record<string, unknown>;
  bytes: Uint8Array;
  /** Make this version the active one for its name (default true). */
  activate?: boolean;
}

export interface ModelArtifactInfo {
  name: string;
  version: number;
  kind: string;
  params: Record<string, unknown>;
  metrics: Record<string, unknown>;
  createdAt: Date;
  active: boolean;
  sizeBytes: number;
}

export interface ModelArtifact extends ModelArtifactInfo {
  bytes: Uint8Array;
}

/** A per-customer score written by a model (propensity, CLV, ...). Derived data: deleted with the customer. */
export interface CustomerScoreInput {
  customerId: string;
  model: string;
  score: number;
  computedAt?: Date;
}

export interface CustomerScore {
  customerId: string;
  model: string;
  score: number;
  computedAt: Date;
}

/** An input row that an import refused, with where and why. */
export interface ImportReject {
  source: string;
  line: number;
  field: string;
  reason: string;
  raw: string;
  /**
   * The external id of the customer the row names, when its customer field was read (the id itself was not
   * refused); null or absent when the row names none or it could not be read. `deleteCustomer` removes the
   * rejects naming the customer, a customer's export lists them, and `recordRejects` leaves out those naming
   * a customer on the erasure list.
   */
  customerId?: string | null;
}

/** What recordRejects did with a batch of rejects. */
export interface RecordRejectsResult {
  /** Rejects newly stored (one already stored, same source, line and field, is kept once). */
  recorded: number;
  /**
   * The customers on the erasure list that rejects of the batch name, each once: those rejects were left
   * out (the caller counts them as erased).
   */
  erased: string[];
}

/**
 * An API key of the gateway. The key's secret is never stored: only its SHA-256 (hex), which the gateway
 * compares in constant time. Scopes are the gateway's words ('read', 'write', 'admin', 'storefront').
 */
export interface ApiKeyInput {
  keyId: string;
  secretHash: string;
  scopes: string[];
  label?: string | null;
}

export interface ApiKeyRecord {
  keyId: string;
  secretHash: string;
  scopes: string[];
  label: string | null;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}
