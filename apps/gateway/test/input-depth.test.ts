import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codes, gql, startTestGateway, type TestGateway } from './harness.js';

let gw: TestGateway;
let writer: string;

beforeAll(async () => {
  gw = await startTestGateway();
  writer = await gw.key(['write', 'read']);
});
afterAll(() => gw.close());

/** A list nested `depth` levels deep around `inner`. */
const nestedList = (depth: number, inner: unknown = 1): unknown => {
  let v = inner;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
};

/** A segment rule of `depth` nested `not`s around a plain condition. */
const nestedRule = (depth: number): Record<string, unknown> => {
  let rule: Record<string, unknown> = { field: 'country', eq: 'DE' };
  for (let i = 0; i < depth; i++) rule = { not: rule };
  return rule;
};

const CREATE = `mutation ($input: SegmentInput!) { createSegment(input: $input) { size } }`;

describe('deeply nested input', () => {
  it('refuses a variable nested 5,000 levels deep as the client error it is, naming it (no key needed)', async () => {
    // A variable the operation does not even declare: every variable is walked before the operation runs.
    // The body is written by hand: JSON.stringify itself cannot write a value this deep.
    const x = `${'['.repeat(5000)}"a"${']'.repeat(5000)}`;
    const res = await fetch(gw.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"query":"{ health { status } }","variables":{"x":${x}}}`,
    });
    const body = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(res.status).toBe(400);
    expect(body.errors.map((e) => e.extensions.code)).toEqual(['BAD_USER_INPUT']);
    expect(body.errors[0]?.message).toMatch(/^variable \$x is nested too deeply/);
    expect(gw.internalErrors).toEqual([]);
  });

  it('still finds a NUL character at any depth a variable may have', async () => {
    const r = await gql(gw.url, '{ health { status } }', { variables: { x: nestedList(60, 'a\u0000') } });
    expect(r.status).toBe(400);
    expect(r.body.errors?.[0]?.message).toMatch(/^variable \$x holds a NUL character/);
  });

  it('refuses a segment rule nested 500 levels deep in a variable (400, naming it)', async () => {
    const r = await gql(gw.url, CREATE, {
      key: writer,
      variables: { input: { id: 'deep', name: 'Deep', rule: nestedRule(500) } },
    });
    expect(r.status).toBe(400);
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.body.errors?.[0]?.message).toMatch(/^variable \$input is nested too deeply/);
    expect(gw.internalErrors).toEqual([]);
  });

  it('refuses a segment rule nested past 32 levels, as a literal (100) or a variable (40), naming input.rule', async () => {
    const literal = `mutation { createSegment(input: { id: "deep", name: "Deep", rule: ${JSON.stringify(nestedRule(100)).replace(/"(\w+)":/g, '$1:')} }) { size } }`;
    const variable = { input: { id: 'deep', name: 'Deep', rule: nestedRule(40) } };
    for (const r of [
      await gql(gw.url, literal, { key: writer }),
      await gql(gw.url, CREATE, { key: writer, variables: variable }),
    ]) {
      expect(codes(r)).toEqual(['BAD_USER_INPUT']);
      expect(r.body.errors?.[0]?.extensions?.field).toBe('input.rule');
      expect(r.body.errors?.[0]?.message).toMatch(/^input\.rule is nested too deeply: at most 32 levels/);
    }
    expect(gw.internalErrors).toEqual([]);
    const fine = await gql(gw.url, CREATE, {
      key: writer,
      variables: { input: { id: 'fine', name: 'Fine', rule: nestedRule(31) } },
    });
    expect(fine.body.errors).toBeUndefined();
  });
});
