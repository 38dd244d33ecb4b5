/**
 * Deterministic holdout (control group) membership. A customer is in a campaign's holdout when
 *   u = sha256Unit(campaignId + '\u001f' + customerId) < holdoutFraction,
 * and in the global holdout (kept out of every campaign) when
 *   g = sha256Unit(globalSalt + '\u001f' + customerId) < globalHoldoutFraction.
 * sha256Unit takes the first 53 bits of SHA-256 of the UTF-8 bytes, so anyone can audit an assignment with
 * `printf 'spring-sale\x1fc42' | sha256sum`: the first 14 hex digits, as an integer over 2^56, give u
 * (to within 2^-53). Same inputs, same answer, on any machine, with no stored state.
 */
import { sha256Unit } from './sha256.js';

/** Separates the parts of a hashed key; it cannot appear in normal ids. */
export const KEY_SEPARATOR = '\u001f';

export interface HoldoutConfig {
  campaignId: string;
  /** Share of the campaign's audience kept as control, in [0, 1). */
  holdoutFraction: number;
  /** Share of all customers kept out of every campaign, in [0, 1). Default 0 (no global holdout). */
  globalHoldoutFraction?: number;
  /** Salt of the global holdout hash; change it to draw a new global holdout. Default 'global'. */
  globalSalt?: string;
}

export interface HoldoutMembership {
  inHoldout: boolean;
  /** Which holdout the customer is in: the global one wins when both apply. */
  scope: 'global' | 'campaign' | null;
  /** The campaign hash value u in [0, 1). */
  campaignUnit: number;
  /** The global hash value g in [0, 1), or NaN without a global holdout. */
  globalUnit: number;
}

/** Throws unless `value` is a finite number in [0, 1). */
export function checkFraction(name: string, value: number): void {
  if (!(Number.isFinite(value) && value >= 0 && value < 1)) {
    throw new Error(`${name} must be in [0, 1), got ${value}`);
  }
}

/** Throws unless `value` is a non-empty string. */
export function checkId(name: string, value: string): void {
  if (typeof value !== 'string' || value.length === 0) {
    throw new Error(`${name} must be a non-empty string, got ${JSON.stringify(value)}`);
  }
}

export function validateHoldoutConfig(config: HoldoutConfig): void {
  checkId('campaignId', config.campaignId);
  checkFraction('holdoutFraction', config.holdoutFraction);
  checkFraction('globalHoldoutFraction', config.globalHoldoutFraction ?? 0);
  if (config.globalSalt !== undefined) checkId('globalSalt', config.globalSalt);
}

/** The hash value in [0, 1) of (salt, customerId) used by holdouts and fixed splits. */
export function customerUnit(salt: string, customerId: string): number {
  return sha256Unit(salt + KEY_SEPARATOR + customerId);
}

/** Holdout membership of one customer, with the hash values that decided it. */
export function holdoutMembership(customerId: string, config: HoldoutConfig): HoldoutMembership {
  validateHoldoutConfig(config);
  checkId('customerId', customerId);
  const globalFraction = config.globalHoldoutFraction ?? 0;
  const globalUnit =
    globalFraction > 0 ? customerUnit(config.globalSalt ?? 'global', customerId) : Number.NaN;
  const campaignUnit = customerUnit(config.campaignId, customerId);
  if (globalUnit < globalFraction) return { inHoldout: true, scope: 'global', campaignUnit, globalUnit };
  if (campaignUnit < config.holdoutFraction) {
    return { inHoldout: true, scope: 'campaign', campaignUnit, globalUnit };
  }
  return { inHoldout: false, scope: null, campaignUnit, globalUnit };
}

/** Holdout flags (1 = held out) for many customers, in order. */
export function holdoutFlags(customerIds: readonly string[], config: HoldoutConfig): Uint8Array {
  validateHoldoutConfig(config);
  const out = new Uint8Array(customerIds.length);
  for (let i = 0; i < customerIds.length; i++) {
    out[i] = holdoutMembership(customerIds[i]!, config).inHoldout ? 1 : 0;
  }
  return out;
}
