/**
 * The refusals of writes that name what is not stored (or is taken), as every adapter words them: the
 * conformance suite checks these messages, and `@storewise/storage/adapter-kit` exports them for a
 * contributor's adapter.
 */
import { StorageInputError } from './validate.js';

/** A write naming a customer that is not stored (`where`: 'scores', 'assignments', 'customerIds'). */
export const unknownCustomer = (where: string, customerId: string) =>
  new StorageInputError(where, 'customerId', `names an unknown customer "${customerId}"`);

/** activateModel of a version that is not stored. */
export const unknownModelVersion = (name: string, version: number) =>
  new StorageInputError(`model "${name}"`, 'version', `${version} does not exist`);

/** createApiKey of a key id that is taken. */
export const apiKeyExists = (keyId: string) =>
  new StorageInputError(`api key ${keyId}`, 'keyId', 'already exists');

/** refreshSegment of a segment that is not stored. */
export const unknownSegment = (id: string) =>
  new StorageInputError(`refreshSegment "${id}"`, 'id', 'names an unknown segment');

/** A status change of a campaign that is not stored. */
export const unknownCampaign = (id: string) =>
  new StorageInputError(`campaign "${id}"`, 'id', 'names an unknown campaign');

/** recordAssignments naming a campaign that is not stored. */
export const unknownAssignmentCampaign = (campaignId: string) =>
  new StorageInputError('assignments', 'campaignId', `names an unknown campaign "${campaignId}"`);

/** recordAssignments giving a coupon code another assignment has (`index`: the row in the call). */
export const couponTaken = (index: number, code: string) =>
  new StorageInputError(`assignments[${index}]`, 'couponCode', `"${code}" is already used`);
