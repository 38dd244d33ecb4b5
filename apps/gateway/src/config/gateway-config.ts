import { MIN_CUSTOMER_TOKEN_SECRET_LENGTH } from '../auth/customer-token.js';

/** Everything the gateway can be told, with the defaults `readGatewayConfig` applies. */
export interface GatewayConfig {
  /** Connections to a PostgreSQL server this process keeps open at most (`pnpm start`; not the embedded one). */
  databasePoolSize: number;
  /** Origins allowed to call from a browser (exact matches). Empty: no cross-origin browser access. */
  corsOrigins: string[];
  /** Largest request body accepted, in bytes. */
  bodyLimitBytes: number;
  /** Whether the schema answers introspection queries. */
  introspection: boolean;
  /** Cost points each key may spend per rate window. */
  rateLimitPoints: number;
  /** Length of a rate window, in seconds. */
  rateLimitWindowSeconds: number;
  /** Most cost points one operation may request (its declared complexity). */
  maxQueryCost: number;
  /** graphql-armor's structural cost cap (objects, scalars, depth), a coarse guard before the declared cost. */
  maxStructuralCost: number;
  /** Deepest selection nesting allowed. */
  maxDepth: number;
  /** Most aliases in one operation. */
  maxAliases: number;
  /** Most tokens in one document. */
  maxTokens: number;
  /** Keep rate budgets in this Redis (shared by several gateway processes); null: in process memory. */
  redisUrl: string | null;
  /** Serve Prometheus metrics on /metrics. */
  metrics: boolean;
  /** How long a looked-up API key is trusted before it is read again (0: every request). */
  keyCacheSeconds: number;
  /** Longest list a mutation accepts (events, items, customers per call). */
  maxInputList: number;
  /**
   * How long customers' events kept in memory for recommendations are trusted at most on a database other
   * processes may write (PostgreSQL). The store tells the gateway of other processes' writes as they
   * commit (`Storage.watchChanges`), so this only bounds writes made without Storewise (plain SQL); the
   * embedded database has no other writer, so there they are kept until this process changes them.
   * 0: read the database on every request.
   */
  historyCacheSeconds: number;
  /** Most events kept in memory for recommendations (each customer counts as their events plus one). */
  historyCacheEvents: number;
  /**
   * The secret customer tokens are signed with (HS256; auth/customer-token.ts), shared with the shop's
   * server; null: the gateway takes no customer tokens.
   */
  customerTokenSecret: string | null;
  /**
   * A storefront key's events that name a customer need a customer token naming that customer (the
   * shop's server signs one for each visitor, anonymous ones too): without it a page can send carts and
   * views for any customer id, which fire cart-trigger campaigns and feed training. Needs the secret.
   */
  storefrontEventsNeedToken: boolean;
  /**
   * The item attributes a storefront key reads (`Item.attributes` holds only these for it); shops keep
   * cost and supplier there. Empty: none. Other keys read every attribute.
   */
  storefrontItemAttributes: string[];
  /** Whether a storefront key reads an item's exact `stock`; otherwise only `inStock` (its `stock` is null). */
  storefrontExactStock: boolean;
}

export const DEFAULT_GATEWAY_CONFIG: GatewayConfig = {
  databasePoolSize: 4,
  corsOrigins: [],
  bodyLimitBytes: 1_000_000,
  introspection: true,
  rateLimitPoints: 10_000,
  rateLimitWindowSeconds: 60,
  maxQueryCost: 2_000,
  // graphql-armor's estimate of the document alone, before the declared cost with the variables: at
  // 20,000 it refused a page of 100 events with their customer and item (24,532), which declares 602.
  maxStructuralCost: 100_000,
  maxDepth: 8,
  maxAliases: 15,
  maxTokens: 2_000,
  maxInputList: 1_000,
  keyCacheSeconds: 10,
  historyCacheSeconds: 300,
  historyCacheEvents: 500_000,
  metrics: true,
  redisUrl: null,
  customerTokenSecret: null,
  storefrontEventsNeedToken: false,
  storefrontItemAttributes: [],
  storefrontExactStock: false,
};

function positiveInt(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return n;
}

function nonNegativeInt(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be 0 or a positive integer, got "${raw}"`);
  return n;
}

function redisUrl(raw: string | undefined): string | null {
  if (raw === undefined || raw.trim() === '') return null;
  if (!/^rediss?:\/\//.test(raw.trim()))
    throw new Error(`STOREWISE_REDIS_URL must be a redis:// URL, got "${raw}"`);
  return raw.trim();
}

function flag(env: Record<string, string | undefined>, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new Error(`${name} must be true or false, got "${env[name]}"`);
}

function customerTokenSecret(raw: string | undefined): string | null {
  if (raw === undefined || raw === '') return null;
  if (raw.length < MIN_CUSTOMER_TOKEN_SECRET_LENGTH)
    throw new Error(
      `STOREWISE_CUSTOMER_TOKEN_SECRET must be at least ${MIN_CUSTOMER_TOKEN_SECRET_LENGTH} characters (HS256 wants a 256-bit key), got ${raw.length}; e.g. node -e "console.log(require('crypto').randomBytes(32).toString('base64url'))"`,
    );
  return raw;
}

/** The entries of a comma-separated setting (STOREWISE_CORS_ORIGINS, STOREWISE_PLUGINS), trimmed, blanks left out. */
export function commaList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Reads the gateway's settings from the environment (see docs/gateway.md); refuses malformed values. */
export function readGatewayConfig(env: Record<string, string | undefined> = process.env): GatewayConfig {
  const d = DEFAULT_GATEWAY_CONFIG;
  const origins = commaList(env.STOREWISE_CORS_ORIGINS);
  for (const o of origins) {
    if (!/^https?:\/\/[^/\s]+$/.test(o)) {
      throw new Error(`STOREWISE_CORS_ORIGINS: "${o}" is not an origin like https://shop.example.com`);
    }
  }
  return {
    corsOrigins: origins,
    databasePoolSize: positiveInt(env, 'STOREWISE_DATABASE_POOL_SIZE', d.databasePoolSize),
    bodyLimitBytes: positiveInt(env, 'STOREWISE_BODY_LIMIT_BYTES', d.bodyLimitBytes),
    introspection: flag(env, 'STOREWISE_INTROSPECTION', env.NODE_ENV !== 'production'),
    rateLimitPoints: positiveInt(env, 'STOREWISE_RATE_LIMIT_POINTS', d.rateLimitPoints),
    rateLimitWindowSeconds: positiveInt(env, 'STOREWISE_RATE_LIMIT_WINDOW_SECONDS', d.rateLimitWindowSeconds),
    maxQueryCost: positiveInt(env, 'STOREWISE_MAX_QUERY_COST', d.maxQueryCost),
    maxStructuralCost: positiveInt(env, 'STOREWISE_MAX_STRUCTURAL_COST', d.maxStructuralCost),
    maxDepth: positiveInt(env, 'STOREWISE_MAX_DEPTH', d.maxDepth),
    maxAliases: positiveInt(env, 'STOREWISE_MAX_ALIASES', d.maxAliases),
    maxTokens: positiveInt(env, 'STOREWISE_MAX_TOKENS', d.maxTokens),
    maxInputList: positiveInt(env, 'STOREWISE_MAX_INPUT_LIST', d.maxInputList),
    metrics: flag(env, 'STOREWISE_METRICS', d.metrics),
    redisUrl: redisUrl(env.STOREWISE_REDIS_URL),
    keyCacheSeconds: nonNegativeInt(env, 'STOREWISE_KEY_CACHE_SECONDS', d.keyCacheSeconds),
    historyCacheSeconds: nonNegativeInt(env, 'STOREWISE_HISTORY_CACHE_SECONDS', d.historyCacheSeconds),
    historyCacheEvents: nonNegativeInt(env, 'STOREWISE_HISTORY_CACHE_EVENTS', d.historyCacheEvents),
    customerTokenSecret: customerTokenSecret(env.STOREWISE_CUSTOMER_TOKEN_SECRET),
    storefrontEventsNeedToken: storefrontEventsNeedToken(env),
    storefrontItemAttributes: commaList(env.STOREWISE_STOREFRONT_ITEM_ATTRIBUTES),
    storefrontExactStock: flag(env, 'STOREWISE_STOREFRONT_EXACT_STOCK', d.storefrontExactStock),
  };
}

function storefrontEventsNeedToken(env: Record<string, string | undefined>): boolean {
  const on = flag(env, 'STOREWISE_STOREFRONT_EVENTS_NEED_TOKEN', false);
  if (on && !env.STOREWISE_CUSTOMER_TOKEN_SECRET)
    throw new Error(
      'STOREWISE_STOREFRONT_EVENTS_NEED_TOKEN needs STOREWISE_CUSTOMER_TOKEN_SECRET: the tokens it asks for are signed with it',
    );
  return on;
}
