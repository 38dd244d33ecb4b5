import type { ConsentFlags } from './types.js';

/**
 * Whether a customer refused this use of their data. Only an explicit `false` is a refusal: `undefined`
 * means the shop has not recorded a choice. Every analysis, training, serving path and campaign asks
 * here, so the rule has one definition.
 */
export function declines(consent: ConsentFlags, use: keyof ConsentFlags): boolean {
  return consent[use] === false;
}
