import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { springDefinition } from './campaign-shop.js';
import { codes, dataOf, gql, startTestGateway, type TestGateway } from './harness.js';

// Lists read whole (campaigns, segments, API keys) page with `after`: the id of the last item of the page
// before. Before, they stopped at `first` (at most 100) with no way on.
let gw: TestGateway;
let admin: string;

beforeAll(async () => {
  gw = await startTestGateway();
  admin = await gw.key(['admin']);
  const segment = 'mutation ($input: SegmentInput!) { createSegment(input: $input) { size } }';
  for (const id of ['eu', 'de', 'fr'])
    await gql(gw.url, segment, {
      key: admin,
      variables: { input: { id, name: id, rule: { field: 'country', eq: 'Germany' } } },
    });
  const campaign = 'mutation ($input: CampaignInput!) { createCampaign(input: $input) { id } }';
  for (const id of ['c-a', 'c-b', 'c-c'])
    dataOf(
      await gql(gw.url, campaign, { key: admin, variables: { input: { definition: springDefinition(id) } } }),
      'createCampaign',
    );
});
afterAll(() => gw.close());

/** Every page of `field` read `first` at a time, following `after` with the key `keyOf` gives. */
async function allPages(field: string, select: string, key: string): Promise<string[]> {
  const out: string[] = [];
  let after: string | null = null;
  for (;;) {
    const r = await gql(
      gw.url,
      `query ($after: String) { ${field}(first: 2, after: $after) { ${select} } }`,
      {
        key: admin,
        variables: { after },
      },
    );
    const page = dataOf<Record<string, string>[]>(r, field).map((x) => x[key]!);
    out.push(...page);
    if (page.length < 2) return out;
    after = page.at(-1)!;
  }
}

describe('list pages', () => {
  it('pages campaigns, segments and API keys two at a time, each item once, in the list order', async () => {
    expect(await allPages('campaigns', 'id', 'id')).toEqual(['c-a', 'c-b', 'c-c']);
    expect(await allPages('segments', 'id', 'id')).toEqual(['de', 'eu', 'fr']);
    const keys = dataOf<{ keyId: string }[]>(
      await gql(gw.url, '{ apiKeys(first: 100) { keyId } }', { key: admin }),
      'apiKeys',
    ).map((k) => k.keyId);
    expect(keys).toHaveLength(1);
    await gw.key(['read']);
    await gw.key(['write']);
    const paged = await allPages('apiKeys', 'keyId', 'keyId');
    expect(paged).toHaveLength(3);
    expect(new Set(paged).size).toBe(3);
    expect(paged.at(-1)).toBe(keys[0]); // newest first: the admin key, made first, is last
  });

  it('refuses an after the list does not hold, naming it', async () => {
    const r = await gql(gw.url, '{ campaigns(first: 2, after: "c-zz") { id } }', { key: admin });
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.body.errors?.[0]).toMatchObject({
      message: 'after names no campaign of this list: give the last campaign of the page before',
      extensions: { code: 'BAD_USER_INPUT', field: 'after' },
    });
  });
});
