/**
 * Guardrails applied before any offer is sent, across campaigns: consent (a customer who opted out gets
 * nothing) and frequency caps (at most maxOffers offers per customer within any trailing window). An offer
 * at time t counts against a cap at time `now` when now - window < t <= now. Times are numbers in one unit
 * of the caller's choice (milliseconds since the epoch, for example). Every refusal carries its reason.
 */

export interface FrequencyCap {
  /** At most this many offers ... */
  maxOffers: number;
  /** ... within this trailing window (same unit as the times). */
  window: number;
}

export type GuardrailRefusal =
  | { rule: 'consent' }
  | { rule: 'frequency-cap'; cap: number; maxOffers: number; window: number; offersInWindow: number };

export interface GuardrailDecision {
  allowed: boolean;
  refusals: GuardrailRefusal[];
}

export function validateCaps(caps: readonly FrequencyCap[]): void {
  caps.forEach((cap, c) => {
    if (!(Number.isInteger(cap.maxOffers) && cap.maxOffers >= 0)) {
      throw new Error(`caps[${c}].maxOffers must be an integer >= 0, got ${cap.maxOffers}`);
    }
    if (!(cap.window > 0)) throw new Error(`caps[${c}].window must be > 0, got ${cap.window}`);
  });
}

function decide(
  optedOut: boolean,
  times: ArrayLike<number>,
  from: number,
  to: number,
  now: number,
  caps: readonly FrequencyCap[],
  where: string,
): GuardrailDecision {
  const refusals: GuardrailRefusal[] = [];
  if (optedOut) refusals.push({ rule: 'consent' });
  for (let j = from; j < to; j++) {
    const t = times[j]!;
    if (!Number.isFinite(t)) throw new Error(`${where}[${j}] must be finite, got ${t}`);
    if (t > now) throw new Error(`${where}[${j}] = ${t} is after now = ${now}`);
  }
  for (let c = 0; c < caps.length; c++) {
    const cap = caps[c]!;
    let count = 0;
    for (let j = from; j < to; j++) if (times[j]! > now - cap.window) count++;
    if (count >= cap.maxOffers) {
      refusals.push({
        rule: 'frequency-cap',
        cap: c,
        maxOffers: cap.maxOffers,
        window: cap.window,
        offersInWindow: count,
      });
    }
  }
  return { allowed: refusals.length === 0, refusals };
}

/** May this customer receive one more offer at `now`? */
export function checkGuardrails(
  customer: { optedOut: boolean; pastOfferTimes: ArrayLike<number> },
  now: number,
  caps: readonly FrequencyCap[],
): GuardrailDecision {
  if (!Number.isFinite(now)) throw new Error(`now must be finite, got ${now}`);
  validateCaps(caps);
  const times = customer.pastOfferTimes;
  return decide(customer.optedOut, times, 0, times.length, now, caps, 'pastOfferTimes');
}

export interface GuardrailBatchInput {
  /** 1 = opted out, per customer. */
  optedOut: Uint8Array;
  /** CSR offsets into offerTimes, length n + 1: customer i's past offers are offerTimes[offsets[i] .. offsets[i+1]). */
  offerOffsets: Int32Array;
  offerTimes: Float64Array;
  now: number;
  caps: readonly FrequencyCap[];
}

/** Guardrails for many customers: allowed flags, and the refusals of each refused customer. */
export function applyGuardrails(input: GuardrailBatchInput): {
  allowed: Uint8Array;
  refusals: Map<number, GuardrailRefusal[]>;
} {
  const n = input.optedOut.length;
  if (input.offerOffsets.length !== n + 1) {
    throw new Error(`offerOffsets must have n + 1 = ${n + 1} entries, got ${input.offerOffsets.length}`);
  }
  if (input.offerOffsets[n] !== input.offerTimes.length) {
    throw new Error(`offerOffsets[${n}] must equal offerTimes.length (${input.offerTimes.length})`);
  }
  if (!Number.isFinite(input.now)) throw new Error(`now must be finite, got ${input.now}`);
  validateCaps(input.caps);
  const allowed = new Uint8Array(n);
  const refusals = new Map<number, GuardrailRefusal[]>();
  for (let i = 0; i < n; i++) {
    const from = input.offerOffsets[i]!;
    const to = input.offerOffsets[i + 1]!;
    if (to < from) throw new Error(`offerOffsets must not decrease, at customer ${i}`);
    const d = decide(
      input.optedOut[i] === 1,
      input.offerTimes,
      from,
      to,
      input.now,
      input.caps,
      'offerTimes',
    );
    if (d.allowed) allowed[i] = 1;
    else refusals.set(i, d.refusals);
  }
  return { allowed, refusals };
}
