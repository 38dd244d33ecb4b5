import { createHmac } from 'node:crypto';
import { trainRecommender } from '@storewise/engine';
import { createGateway, ensureAdminKey, type Gateway } from '@storewise/gateway';
import { openStorage, type Storage } from '@storewise/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type StorewiseClient, StorewiseError } from '../src/index.js';
import { signCustomerToken } from '../src/server.js';

const SECRET = 'the-shop-server-secret-32-characters-long';
let storage: Storage;
let gateway: Gateway;
let url: string;
let admin: StorewiseClient;
let storefrontKey: string;

beforeAll(async () => {
  storage = await openStorage('memory:');
  const { generatedKey } = await ensureAdminKey(storage, undefined);
  gateway = await createGateway({
    storage,
    config: { customerTokenSecret: SECRET },
    logInternalError: () => {},
  });
  url = await gateway.listen(0, '127.0.0.1');
  admin = createClient({ url, apiKey: generatedKey! });
  storefrontKey = (await admin.createApiKey(['STOREFRONT'], 'web')).key;
  // Two tastes: r1-r3 buy M1-M3, r4-r6 buy M4-M6; u1 bought M1 and M2.
  const events = [1, 2, 3, 4, 5, 6].flatMap((c) =>
    (c <= 3 ? ['M1', 'M2', 'M3'] : ['M4', 'M5', 'M6']).map((sku) => ({
      eventId: `r${c}-${sku}`,
      type: 'purchase' as const,
      customerId: `r${c}`,
      sku,
      timestamp: new Date(Date.UTC(2024, 0, c)),
    })),
  );
  events.push(
    ...['M1', 'M2'].map((sku) => ({
      eventId: `u1-${sku}`,
      type: 'purchase' as const,
      customerId: 'u1',
      sku,
      timestamp: new Date(Date.UTC(2024, 1, 1)),
    })),
  );
  await storage.appendEvents(events);
  await trainRecommender(storage, { model: 'item-knn' });
});
afterAll(async () => {
  await gateway.stop();
  await storage.close();
});

describe('signCustomerToken', () => {
  it('makes the HS256 JWT of RFC 7519 (checked with node:crypto)', async () => {
    const token = await signCustomerToken({
      secret: SECRET,
      customerId: 'u1',
      expiresInSeconds: 600,
      now: new Date('2026-01-01T00:00:00Z'),
    });
    const [header, claims, signature] = token.split('.');
    expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(JSON.parse(Buffer.from(claims!, 'base64url').toString())).toEqual({
      sub: 'u1',
      aud: 'storewise',
      iat: 1_767_225_600,
      exp: 1_767_226_200,
    });
    expect(signature).toBe(createHmac('sha256', SECRET).update(`${header}.${claims}`).digest('base64url'));
  });

  it('refuses what the gateway would refuse', async () => {
    await expect(signCustomerToken({ secret: 'short', customerId: 'u1' })).rejects.toThrow(/at least 32/);
    // An unset environment variable (process.env.X!) or an empty one: named, with the form it needs.
    for (const secret of [undefined as unknown as string, ''])
      await expect(signCustomerToken({ secret, customerId: 'u1' })).rejects.toThrow(
        /^signCustomerToken: secret must be the gateway's STOREWISE_CUSTOMER_TOKEN_SECRET, a string of at least 32 characters; got (undefined|an empty string) \(is it set/,
      );
    await expect(
      signCustomerToken({ secret: SECRET, customerId: undefined as unknown as string }),
    ).rejects.toThrow(/^signCustomerToken: customerId must be a string/);
    await expect(signCustomerToken({ secret: SECRET, customerId: '' })).rejects.toThrow(/1-128 characters/);
    for (const expiresInSeconds of [0, 86_401, 1.5])
      await expect(signCustomerToken({ secret: SECRET, customerId: 'u1', expiresInSeconds })).rejects.toThrow(
        /expiresInSeconds must be a whole number of seconds from 1 to 86400/,
      );
  });

  it("lets a storefront client explain and filter its own customer's recommendations", async () => {
    const customerToken = await signCustomerToken({ secret: SECRET, customerId: 'u1' });
    const storefront = createClient({ url, apiKey: storefrontKey, customerToken });
    const options = { first: 3, explain: true, rules: { excludeBought: true } };
    const own = await storefront.recommendations('u1', options);
    expect(own).toEqual(await admin.recommendations('u1', options));
    // M3 goes with what u1 bought (M1, M2), which are left out.
    expect(own.items[0]!.sku).toBe('M3');
    expect(own.items.map((i) => i.sku)).not.toContain('M1');
    expect(own.items.map((i) => i.sku)).not.toContain('M2');
    expect(own.items[0]!.because?.map((b) => b.sku).sort()).toEqual(['M1', 'M2']);
    // Without the token, or for another customer, the storefront key is refused the explanation.
    const plain = createClient({ url, apiKey: storefrontKey });
    await expect(plain.recommendations('u1', options)).rejects.toMatchObject({
      code: 'FORBIDDEN',
      status: 403,
    });
    await expect(storefront.recommendations('r1', options)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await plain.recommendations('u1', { first: 3 })).items.length).toBeGreaterThan(0);
  });

  it('tells an expired token from a bad one and from a key the gateway refuses, by reason and header', async () => {
    const refusal = async (client: StorewiseClient) => {
      const e = await client.health().catch((error: unknown) => error);
      expect(e).toBeInstanceOf(StorewiseError);
      const { code, status, reason, field } = e as StorewiseError;
      return { code, status, reason, field };
    };
    // Signed two hours ago for a minute: past its exp (the gateway allows 30 s of clock difference).
    const expired = await signCustomerToken({
      secret: SECRET,
      customerId: 'u1',
      expiresInSeconds: 60,
      now: new Date(Date.now() - 2 * 3600_000),
    });
    const token = (customerToken: string) => createClient({ url, apiKey: storefrontKey, customerToken });
    const header = 'x-storewise-customer-token';
    expect(await refusal(token(expired))).toEqual({
      code: 'UNAUTHENTICATED',
      status: 401,
      reason: 'CUSTOMER_TOKEN_EXPIRED',
      field: header,
    });
    expect(await refusal(token('not-a-token'))).toEqual({
      code: 'UNAUTHENTICATED',
      status: 401,
      reason: 'CUSTOMER_TOKEN_INVALID',
      field: header,
    });
    const unknownKey = createClient({ url, apiKey: `sw_0123456789abcdef_${'A'.repeat(32)}` });
    expect(await refusal(unknownKey)).toEqual({
      code: 'UNAUTHENTICATED',
      status: 401,
      reason: 'API_KEY_INVALID',
      field: 'authorization',
    });
    // What a storefront branches on, typed: a code or reason the gateway may add still compiles.
    const branch = (e: StorewiseError) =>
      e.code === 'UNAUTHENTICATED' && e.reason === 'CUSTOMER_TOKEN_EXPIRED' ? 'fresh token' : 'other';
    expect(branch(new StorewiseError('x', 'SOMETHING_NEW', null))).toBe('other');
  });

  it('asks a token function before each request, as a page kept open would for a fresh token', async () => {
    const issued: string[] = [];
    const storefront = createClient({
      url,
      apiKey: storefrontKey,
      customerToken: async () => {
        const t = await signCustomerToken({ secret: SECRET, customerId: 'u1', expiresInSeconds: 60 });
        issued.push(t);
        return t;
      },
    });
    const options = { first: 3, explain: true, rules: { excludeBought: true } };
    expect((await storefront.recommendations('u1', options)).items[0]!.sku).toBe('M3');
    await storefront.recommendations('u1', options);
    expect(issued).toHaveLength(2);
    // null sends none: the storefront key alone is refused the explanation.
    const none = createClient({ url, apiKey: storefrontKey, customerToken: () => null });
    await expect(none.recommendations('u1', options)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it("fails a call whose token function throws, once and as that, not as the gateway's network error", async () => {
    let asked = 0;
    let sent = 0;
    const failing = createClient({
      url,
      apiKey: storefrontKey,
      fetch: (input, init) => {
        sent++;
        return fetch(input, init);
      },
      customerToken: () => {
        asked++;
        throw new Error('session gone');
      },
    });
    await expect(failing.recommendations('u1', { first: 1 })).rejects.toMatchObject({
      name: 'StorewiseError',
      code: 'CUSTOMER_TOKEN_ERROR',
      status: null,
      message: 'the customerToken function failed: session gone: nothing was sent',
    });
    expect([asked, sent]).toEqual([1, 0]);
  });
});
