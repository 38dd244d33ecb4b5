import { describe, expect, it } from 'vitest';
import { holdoutFlags, holdoutMembership } from '../../src/campaigns/holdout.js';
import { sha256Hex, sha256Unit } from '../../src/campaigns/sha256.js';

describe('sha256', () => {
  // References: Python hashlib.sha256(m.encode()).hexdigest(), and u = (int(h[:8],16)*2**21 + (int(h[8:16],16)>>11))/2**53.
  it('matches hashlib on empty, short, multi-block and non-ASCII messages', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('x'.repeat(200))).toBe(
      'aa20c23e3201834050679e1d88941b9a6fed0557c9a705cb2c315e2e63fd486d',
    );
    expect(sha256Hex('caf\u00e9\u001f\u00fc')).toBe(
      '5bd3aa890c395bca02334f38ac19cb034d7f5a538eed0b05ffe5cdd288cbfbc7',
    );
  });
  it('maps the first 53 bits to [0, 1)', () => {
    expect(sha256Unit('spring-sale\u001fc42')).toBe(0.8656061842657893);
    expect(sha256Unit('abc')).toBe(0.7283949105904021);
  });
});

describe('holdoutMembership', () => {
  it('is a pure function of (customer, campaign) and reports the hash value', () => {
    const config = { campaignId: 'spring-sale', holdoutFraction: 0.9 };
    const a = holdoutMembership('c42', config);
    expect(a.campaignUnit).toBe(0.8656061842657893);
    expect(a).toEqual(holdoutMembership('c42', { ...config }));
    expect(a.inHoldout).toBe(true);
    expect(a.scope).toBe('campaign');
    expect(holdoutMembership('c42', { ...config, holdoutFraction: 0.8 }).inHoldout).toBe(false);
  });

  it('honours the fraction on 100k ids (counts equal to a Python hashlib reference)', () => {
    const ids = Array.from({ length: 100_000 }, (_, i) => `c${i}`);
    const flags = holdoutFlags(ids, { campaignId: 'spring-sale', holdoutFraction: 0.1 });
    let held = 0;
    for (const f of flags) held += f;
    // Python: sum(u('spring-sale\x1fc%d' % i) < 0.1 for i in range(100000)) == 10040; binomial sd is 95.
    expect(held).toBe(10040);
    expect(Math.abs(held - 10_000)).toBeLessThan(3 * Math.sqrt(100_000 * 0.1 * 0.9));
    const both = holdoutFlags(ids, {
      campaignId: 'spring-sale',
      holdoutFraction: 0.1,
      globalHoldoutFraction: 0.05,
    });
    let heldBoth = 0;
    for (const f of both) heldBoth += f;
    // Python: global (u('global\x1fc%d') < 0.05) or campaign holdout: 14564 of 100000.
    expect(heldBoth).toBe(14564);
  });

  it('puts the global holdout first', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => `c${i}`);
    const scopes = ids.map(
      (id) =>
        holdoutMembership(id, { campaignId: 'x', holdoutFraction: 0.2, globalHoldoutFraction: 0.1 }).scope,
    );
    expect(scopes.filter((s) => s === 'global').length).toBeGreaterThan(100);
    expect(scopes.filter((s) => s === 'campaign').length).toBeGreaterThan(250);
    expect(holdoutMembership('c1', { campaignId: 'x', holdoutFraction: 0 }).inHoldout).toBe(false);
  });

  it('names the bad argument', () => {
    expect(() => holdoutMembership('c1', { campaignId: 'x', holdoutFraction: 1.5 })).toThrow(
      'holdoutFraction must be in [0, 1), got 1.5',
    );
    expect(() =>
      holdoutMembership('c1', { campaignId: 'x', holdoutFraction: 0.1, globalHoldoutFraction: -0.1 }),
    ).toThrow('globalHoldoutFraction must be in [0, 1), got -0.1');
    expect(() => holdoutMembership('', { campaignId: 'x', holdoutFraction: 0.1 })).toThrow('customerId');
    expect(() => holdoutMembership('c1', { campaignId: '', holdoutFraction: 0.1 })).toThrow('campaignId');
  });
});
