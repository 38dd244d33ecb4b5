/** Input checks of the campaign methods, shared by every adapter (same refusals, same messages). */
import {
  CAMPAIGN_STATUSES,
  type CampaignAssignmentInput,
  type CampaignInput,
  type CampaignStatus,
} from './campaign-types.js';
import { checkKey, refuseNul, StorageInputError } from './validate.js';

const isBlank = (s: unknown): boolean => typeof s !== 'string' || s.trim() === '';
const isDate = (d: unknown): d is Date => d instanceof Date && !Number.isNaN(d.getTime());
const isObject = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);

export function validateCampaign(c: CampaignInput): void {
  if (isBlank(c.id)) throw new StorageInputError('campaign', 'id', 'must be a non-empty string');
  const where = `campaign "${c.id}"`;
  checkKey(where, 'id', c.id);
  if (isBlank(c.name)) throw new StorageInputError(where, 'name', 'must be a non-empty string');
  if (!isObject(c.definition)) throw new StorageInputError(where, 'definition', 'must be a JSON object');
  for (const field of ['startsAt', 'endsAt'] as const) {
    const d = c[field];
    if (d !== undefined && d !== null && !isDate(d))
      throw new StorageInputError(where, field, 'must be a valid date or null');
  }
  if (c.startsAt && c.endsAt && c.endsAt.getTime() <= c.startsAt.getTime())
    throw new StorageInputError(where, 'endsAt', 'must be after startsAt');
  refuseNul(where, c);
}

export function validateStatus(id: string, status: CampaignStatus, at: Date): void {
  if (!(CAMPAIGN_STATUSES as readonly string[]).includes(status))
    throw new StorageInputError(
      `campaign "${id}"`,
      'status',
      `must be one of ${CAMPAIGN_STATUSES.join(', ')}, got "${status}"`,
    );
  if (!isDate(at)) throw new StorageInputError(`campaign "${id}"`, 'at', 'must be a valid date');
}

export function validateAssignments(rows: readonly CampaignAssignmentInput[]): void {
  const coupons = new Map<string, number>();
  rows.forEach((a, i) => {
    const where = `assignments[${i}]`;
    if (isBlank(a.campaignId)) throw new StorageInputError(where, 'campaignId', 'must be a non-empty string');
    if (isBlank(a.customerId)) throw new StorageInputError(where, 'customerId', 'must be a non-empty string');
    checkKey(where, 'campaignId', a.campaignId);
    checkKey(where, 'customerId', a.customerId);
    checkKey(where, 'couponCode', a.couponCode);
    if (a.arm !== null && isBlank(a.arm))
      throw new StorageInputError(where, 'arm', 'must be a non-empty string or null');
    if (typeof a.holdout !== 'boolean') throw new StorageInputError(where, 'holdout', 'must be a boolean');
    if (a.holdout && a.arm !== null) throw new StorageInputError(where, 'arm', 'must be null in the holdout');
    if (!isObject(a.reason)) throw new StorageInputError(where, 'reason', 'must be a JSON object');
    if (a.cost !== undefined && !(Number.isFinite(a.cost) && a.cost >= 0))
      throw new StorageInputError(where, 'cost', `must be a finite number >= 0, got ${a.cost}`);
    if (!isDate(a.assignedAt)) throw new StorageInputError(where, 'assignedAt', 'must be a valid date');
    const code = a.couponCode;
    if (code !== undefined && code !== null) {
      if (isBlank(code))
        throw new StorageInputError(where, 'couponCode', 'must be a non-empty string or null');
      if (a.arm === null)
        throw new StorageInputError(where, 'couponCode', 'needs an arm (no offer, no coupon)');
      const first = coupons.get(code);
      if (first !== undefined)
        throw new StorageInputError(where, 'couponCode', `"${code}" repeats assignments[${first}]`);
      coupons.set(code, i);
    }
    refuseNul(where, a);
  });
}
