import { describe, expect, it } from 'vitest';
import { applyGuardrails, checkGuardrails } from '../../src/campaigns/guardrails.js';

const DAY = 86_400_000;
const now = 100 * DAY;
const caps = [
  { maxOffers: 2, window: 7 * DAY },
  { maxOffers: 4, window: 30 * DAY },
];

describe('checkGuardrails', () => {
  it('allows a consenting customer under every cap', () => {
    expect(checkGuardrails({ optedOut: false, pastOfferTimes: [now - 8 * DAY] }, now, caps)).toEqual({
      allowed: true,
      refusals: [],
    });
  });
  it('refuses at the weekly cap; an offer exactly one window ago no longer counts', () => {
    const d = checkGuardrails(
      { optedOut: false, pastOfferTimes: [now - DAY, now - 2 * DAY, now - 7 * DAY] },
      now,
      caps,
    );
    expect(d.allowed).toBe(false);
    expect(d.refusals).toEqual([
      { rule: 'frequency-cap', cap: 0, maxOffers: 2, window: 7 * DAY, offersInWindow: 2 },
    ]);
    const one = checkGuardrails({ optedOut: false, pastOfferTimes: [now - DAY, now - 7 * DAY] }, now, caps);
    expect(one.allowed).toBe(true);
  });
  it('lists every reason: consent and both caps', () => {
    const times = [1, 2, 3, 20].map((d) => now - d * DAY);
    const d = checkGuardrails({ optedOut: true, pastOfferTimes: times }, now, caps);
    expect(d.refusals.map((r) => r.rule)).toEqual(['consent', 'frequency-cap', 'frequency-cap']);
  });
  it('names bad input', () => {
    expect(() => checkGuardrails({ optedOut: false, pastOfferTimes: [now + 1] }, now, caps)).toThrow(
      `pastOfferTimes[0] = ${now + 1} is after now = ${now}`,
    );
    expect(() =>
      checkGuardrails({ optedOut: false, pastOfferTimes: [] }, now, [{ maxOffers: 1, window: 0 }]),
    ).toThrow('caps[0].window must be > 0, got 0');
  });
});

describe('applyGuardrails', () => {
  it('decides a batch in CSR layout like the single-customer check', () => {
    const optedOut = new Uint8Array([0, 1, 0, 0]);
    const offerOffsets = new Int32Array([0, 0, 1, 4, 5]);
    const offerTimes = new Float64Array([
      now - DAY,
      now - DAY,
      now - 3 * DAY,
      now - 40 * DAY,
      now - 10 * DAY,
    ]);
    const { allowed, refusals } = applyGuardrails({ optedOut, offerOffsets, offerTimes, now, caps });
    expect(Array.from(allowed)).toEqual([1, 0, 0, 1]);
    expect(refusals.get(1)).toEqual([{ rule: 'consent' }]);
    expect(refusals.get(2)![0]).toMatchObject({ rule: 'frequency-cap', cap: 0, offersInWindow: 2 });
    expect(() =>
      applyGuardrails({ optedOut, offerOffsets: new Int32Array([0, 1]), offerTimes, now, caps }),
    ).toThrow('offerOffsets must have n + 1 = 5 entries, got 2');
  });
});
