import { createServer } from 'node:net';
import { openStorage, type Storage } from '@storewise/storage';
import { generateApiKey, hashSecret } from '../src/auth/api-key.js';
import type { GatewayConfig } from '../src/config/gateway-config.js';
import { createGateway, type Gateway } from '../src/server/create-gateway.js';

export interface TestGateway {
  url: string;
  storage: Storage;
  gateway: Gateway;
  internalErrors: unknown[];
  /** Creates a key with these scopes directly in storage and returns its full text. */
  key(scopes: string[], label?: string): Promise<string>;
  close(): Promise<void>;
}

/** A real gateway on an ephemeral port over a fresh database (memory: unless told otherwise). */
export async function startTestGateway(
  config: Partial<GatewayConfig> = {},
  database = 'memory:',
): Promise<TestGateway> {
  const storage = await openStorage(database);
  const internalErrors: unknown[] = [];
  const gateway = await createGateway({
    storage,
    config,
    logInternalError: (e) => internalErrors.push(e),
  });
  const url = await gateway.listen(0, '127.0.0.1');
  return {
    url,
    storage,
    gateway,
    internalErrors,
    async key(scopes, label) {
      const k = generateApiKey();
      await storage.createApiKey({
        keyId: k.keyId,
        secretHash: hashSecret(k.secret),
        scopes,
        label: label ?? null,
      });
      return k.key;
    },
    async close() {
      await gateway.stop();
      await storage.close();
    },
  };
}

export interface GqlResponse {
  status: number;
  headers: Headers;
  body: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
    extensions?: Record<string, unknown>;
  };
  text: string;
}

export interface GqlOptions {
  key?: string;
  variables?: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** POSTs a GraphQL operation as JSON, the way a client does. */
export async function gql(url: string, query: string, options: GqlOptions = {}): Promise<GqlResponse> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      ...(options.key !== undefined ? { authorization: `Bearer ${options.key}` } : {}),
      ...options.headers,
    },
    body: JSON.stringify({ query, variables: options.variables ?? {} }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: JSON.parse(text), text };
}

export const codes = (r: GqlResponse): unknown[] => (r.body.errors ?? []).map((e) => e.extensions?.code);

/** The `data` entry `name` of a response; fails the test when it is missing. */
export function dataOf<T>(r: GqlResponse, name: string): T {
  const value = r.body.data?.[name];
  if (value === undefined || value === null) throw new Error(`no data.${name} in ${r.text}`);
  return value as T;
}

/** A port nothing listens on now (a server took it, then let it go). */
export async function unusedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** The GraphQL enum name of an engine word (a strategy, reason or event): 'fold-in' is FOLD_IN. */
export const enumName = (word: string): string => word.toUpperCase().replace(/-/g, '_');
