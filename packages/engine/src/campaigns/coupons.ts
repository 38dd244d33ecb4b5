/**
 * Coupon codes: the campaign id's letters and digits (up to 12, upper case), a dash and 10 characters of
 * Crockford's base 32 (no I, L, O, U) from the platform's cryptographic random source: 50 bits, so codes
 * cannot be guessed from the customer or the campaign. Uniqueness across campaigns is enforced by storage.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function couponCode(campaignId: string): string {
  const prefix =
    campaignId
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, '')
      .slice(0, 12) || 'CPN';
  const bytes = new Uint8Array(10);
  globalThis.crypto.getRandomValues(bytes);
  let code = '';
  for (const b of bytes) code += ALPHABET[b & 31];
  return `${prefix}-${code}`;
}
