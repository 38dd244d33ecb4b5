/**
 * Input checks shared by every adapter, so that all of them refuse the same bad input with the same
 * message, naming the record (by its position in the call) and the field. Events: validate-events.ts.
 */

import { EVENT_NUMBER_LIMIT, inEventNumberRange } from './event-limits.js';
import { MAX_KEY_LENGTH, STOCK_MAX, STOCK_MIN } from './key-limits.js';
import {
  type ApiKeyInput,
  type CustomerInput,
  type CustomerScoreInput,
  type ErasureEntry,
  type ImportReject,
  type ItemInput,
  type ModelArtifactInput,
  SEGMENT_KINDS,
  type SegmentInput,
} from './types.js';

export class StorageInputError extends Error {
  constructor(
    readonly where: string,
    readonly field: string,
    reason: string,
  ) {
    super(`${where}: ${field} ${reason}`);
    this.name = 'StorageInputError';
  }
}

export const isBlank = (s: unknown): boolean => typeof s !== 'string' || s.trim() === '';

/**
 * PostgreSQL's text and jsonb cannot hold U+0000: every adapter refuses it, so that all of them store the
 * same things (and an import's file with a NUL byte gets a clear message, not a failed query).
 */
export const NUL_REASON = 'holds a NUL character (U+0000), which PostgreSQL cannot store';

/**
 * Nor can PostgreSQL store text that is not well-formed Unicode: a lone surrogate ('\uD800') is refused
 * by its json parser, and turned into U+FFFD when sent as UTF-8. Every adapter refuses it too.
 */
const ILL_FORMED_REASON =
  'is not well-formed Unicode (it holds a lone surrogate, such as \\uD800), which PostgreSQL cannot store';

/** A UTF-16 code unit of a surrogate pair standing alone (`\p{Cs}` matches no whole pair). */
const LONE_SURROGATE = /\p{Cs}/u;
/** Any surrogate: a test four times faster than LONE_SURROGATE's, which runs only when this matches. */
const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * Whether `s` is text no adapter stores: it holds U+0000, or is not well-formed Unicode (a lone
 * surrogate). A key that is such text names nothing: the SQL adapters answer a read by such a key as for
 * an unknown key without sending it (PostgreSQL refuses U+0000 as a parameter, and would read a lone
 * surrogate as U+FFFD), as the memory adapter does.
 */
export const unstorableText = (s: string | null | undefined): boolean =>
  typeof s === 'string' && textProblem(s) !== null;

/**
 * Why the string `s` cannot be stored (it holds U+0000, or a lone surrogate), or null: for callers that
 * refuse one record of a batch on its own rather than the batch (the gateway's trackEvents).
 */
export const textProblem = (s: string): string | null =>
  s.includes('\u0000') ? NUL_REASON : SURROGATE.test(s) && LONE_SURROGATE.test(s) ? ILL_FORMED_REASON : null;

/**
 * Refuses `value` when it holds U+0000 or is not well-formed Unicode anywhere (a string, or a string or
 * key nested in it).
 */
export function checkNul(where: string, field: string, value: unknown): void {
  const problem = jsonTextProblem(value);
  if (problem !== null) throw new StorageInputError(where, field, problem);
}

/** checkNul for every field of a record, naming the field. */
export function refuseNul(where: string, record: object): void {
  for (const [field, value] of Object.entries(record)) checkNul(where, field, value);
}

function jsonTextProblem(value: unknown): string | null {
  if (typeof value === 'string') return textProblem(value);
  if (ArrayBuffer.isView(value) || value instanceof Date) return null;
  if (Array.isArray(value)) {
    for (const v of value) {
      const problem = jsonTextProblem(v);
      if (problem !== null) return problem;
    }
    return null;
  }
  if (value !== null && typeof value === 'object')
    for (const [key, v] of Object.entries(value)) {
      const problem = textProblem(key) ?? jsonTextProblem(v);
      if (problem !== null) return problem;
    }
  return null;
}

/** Refuses a key (MAX_KEY_LENGTH in key-limits.ts) longer than every adapter can index. */
export function checkKey(where: string, field: string, value: string | null | undefined): void {
  if (typeof value === 'string' && value.length > MAX_KEY_LENGTH)
    throw keyTooLong(where, field, value.length);
}

export const keyTooLong = (where: string, field: string, length: number) =>
  new StorageInputError(
    where,
    field,
    `must be at most ${MAX_KEY_LENGTH} characters long (it is indexed), got ${length}`,
  );

export const isLongKey = (value: string | null | undefined): boolean =>
  typeof value === 'string' && value.length > MAX_KEY_LENGTH;

/** Refuses a number beyond ±EVENT_NUMBER_LIMIT (event-limits.ts), NaN and infinities included. */
export function checkNumber(where: string, field: string, value: number | null | undefined): void {
  if (value !== null && value !== undefined && !inEventNumberRange(value)) {
    throw new StorageInputError(
      where,
      field,
      `must be a finite number within ±${EVENT_NUMBER_LIMIT}, got ${value}`,
    );
  }
}

/** The largest line number a reject can name (PostgreSQL `integer`). */
export const REJECT_LINE_MAX = 2_147_483_647;

/**
 * Checks import rejects: storable text, a line number in [0, 2^31), and a source (the file), field and
 * customer id no longer than the keys every adapter stores (the SQL adapters index them).
 */
export function validateRejects(rejects: readonly ImportReject[]): void {
  for (const [i, r] of rejects.entries()) {
    const where = `rejects[${i}]`;
    refuseNul(where, r);
    if (!Number.isInteger(r.line) || r.line < 0 || r.line > REJECT_LINE_MAX)
      throw new StorageInputError(
        where,
        'line',
        `must be an integer from 0 to ${REJECT_LINE_MAX}, got ${r.line}`,
      );
    checkKey(where, 'source', r.source);
    if (r.customerId !== undefined && r.customerId !== null && typeof r.customerId !== 'string')
      throw new StorageInputError(
        where,
        'customerId',
        `must be a string or null, got ${typeof r.customerId}`,
      );
    checkKey(where, 'customerId', r.customerId);
    if (r.field.length > 64)
      throw new StorageInputError(where, 'field', `must be at most 64 characters, got ${r.field.length}`);
  }
}

/**
 * Checks customers and folds repeats of one id into one record (later fields win; attributes and
 * consent merge), so that a batch upserts each customer once.
 */
export function normalizeCustomers(customers: readonly CustomerInput[]): CustomerInput[] {
  const byId = new Map<string, CustomerInput>();
  customers.forEach((given, i) => {
    const where = `customers[${i}]`;
    if (isBlank(given.externalId)) throw new StorageInputError(where, 'externalId', 'is required');
    checkKey(where, 'externalId', given.externalId);
    checkAsOf(where, given.asOf);
    refuseNul(where, given);
    // A two-letter code is an ISO 3166 country code, written upper case (`de` is `DE`, as filters compare).
    const code = typeof given.country === 'string' && /^[A-Za-z]{2}$/.test(given.country.trim());
    const c = code ? { ...given, country: given.country!.trim().toUpperCase() } : given;
    const prev = byId.get(c.externalId);
    if (prev === undefined) {
      byId.set(c.externalId, c);
      return;
    }
    const [older, newer] = factsTime(c) >= factsTime(prev) ? [prev, c] : [c, prev];
    byId.set(c.externalId, {
      externalId: c.externalId,
      country: newer.country ?? older.country ?? null,
      attributes: { ...older.attributes, ...newer.attributes },
      consent: { ...older.consent, ...newer.consent },
      ...laterAsOf(prev, c),
    });
  });
  return [...byId.values()];
}

/**
 * When facts held, for ordering them: their `asOf`, and facts without one (a catalog, an API upsert) as of
 * now, later than any event time.
 */
export function factsTime(facts: { asOf?: Date | undefined }): number {
  return facts.asOf?.getTime() ?? Number.POSITIVE_INFINITY;
}

/** The later `asOf` of two facts of one record, absent when either has none (it holds as of now). */
function laterAsOf(a: { asOf?: Date }, b: { asOf?: Date }): { asOf?: Date } {
  if (a.asOf === undefined || b.asOf === undefined) return {};
  return { asOf: new Date(Math.max(a.asOf.getTime(), b.asOf.getTime())) };
}

function checkAsOf(where: string, asOf: Date | undefined): void {
  if (asOf !== undefined && !(asOf instanceof Date && Number.isFinite(asOf.getTime())))
    throw new StorageInputError(where, 'asOf', 'must be a valid Date');
}

/** Checks items and folds repeats of one SKU into one record (the later facts' non-null fields win). */
export function normalizeItems(items: readonly ItemInput[]): ItemInput[] {
  const bySku = new Map<string, ItemInput>();
  items.forEach((it, i) => {
    const where = `items[${i}]`;
    if (isBlank(it.sku)) throw new StorageInputError(where, 'sku', 'is required');
    checkKey(where, 'sku', it.sku);
    checkNumber(where, 'price', it.price);
    checkNumber(where, 'stock', it.stock);
    if (it.price != null && it.price < 0)
      throw new StorageInputError(where, 'price', `must not be negative, got ${it.price}`);
    if (it.stock != null && !Number.isInteger(it.stock)) {
      throw new StorageInputError(where, 'stock', `must be a whole number, got ${it.stock}`);
    }
    if (it.stock != null && (it.stock < STOCK_MIN || it.stock > STOCK_MAX))
      throw new StorageInputError(
        where,
        'stock',
        `must be from ${STOCK_MIN} to ${STOCK_MAX} (a 32-bit integer), got ${it.stock}`,
      );
    if (it.categoryPath !== undefined && !it.categoryPath.every((c) => typeof c === 'string' && c !== '')) {
      throw new StorageInputError(where, 'categoryPath', 'must be a list of non-empty strings');
    }
    checkAsOf(where, it.asOf);
    refuseNul(where, it);
    const prev = bySku.get(it.sku);
    if (prev === undefined) {
      bySku.set(it.sku, it);
      return;
    }
    const [older, newer] = factsTime(it) >= factsTime(prev) ? [prev, it] : [it, prev];
    bySku.set(it.sku, {
      sku: it.sku,
      title: newer.title ?? older.title ?? null,
      categoryPath: newer.categoryPath?.length ? newer.categoryPath : older.categoryPath,
      price: newer.price ?? older.price ?? null,
      currency: newer.currency ?? older.currency ?? null,
      stock: newer.stock ?? older.stock ?? null,
      attributes: { ...older.attributes, ...newer.attributes },
      ...laterAsOf(prev, it),
    });
  });
  return [...bySku.values()];
}

export function validateModel(artifact: ModelArtifactInput): void {
  if (isBlank(artifact.name)) throw new StorageInputError('model', 'name', 'is required');
  checkKey('model', 'name', artifact.name);
  if (isBlank(artifact.kind)) throw new StorageInputError(`model "${artifact.name}"`, 'kind', 'is required');
  if (!(artifact.bytes instanceof Uint8Array)) {
    throw new StorageInputError(`model "${artifact.name}"`, 'bytes', 'must be a Uint8Array');
  }
  refuseNul(`model "${artifact.name}"`, artifact);
}

/** pruneModels' `keep`: how many of a model's newest versions stay (at least the newest). */
export function checkKeep(keep: number): void {
  if (!Number.isInteger(keep) || keep < 1)
    throw new StorageInputError('pruneModels', 'keep', `must be a whole number of at least 1 (got ${keep})`);
}

export function validateApiKey(key: ApiKeyInput): void {
  if (isBlank(key.keyId) || !/^[A-Za-z0-9]+$/.test(key.keyId)) {
    throw new StorageInputError('api key', 'keyId', 'must be a non-empty string of letters and digits');
  }
  checkKey('api key', 'keyId', key.keyId);
  if (!/^[0-9a-f]{64}$/.test(key.secretHash)) {
    throw new StorageInputError(`api key ${key.keyId}`, 'secretHash', 'must be a SHA-256 in lowercase hex');
  }
  if (!Array.isArray(key.scopes) || key.scopes.length === 0 || key.scopes.some(isBlank)) {
    throw new StorageInputError(`api key ${key.keyId}`, 'scopes', 'must be a non-empty list of scope names');
  }
}

export const DEFAULT_BATCH_SIZE = 5000;

export function batchSizeOf(options: { batchSize?: number } | undefined): number {
  const n = options?.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(n) || n < 1)
    throw new StorageInputError('scan options', 'batchSize', `must be a positive integer, got ${n}`);
  return n;
}

/** Refuses a score that is not a finite number, or text holding U+0000 (checked before anything is written). */
export function validateScores(scores: readonly CustomerScoreInput[]): void {
  scores.forEach((sc, i) => {
    if (!Number.isFinite(sc.score))
      throw new StorageInputError(`scores[${i}]`, 'score', `must be a finite number, got ${sc.score}`);
    checkKey(`scores[${i}]`, 'customerId', sc.customerId);
    checkKey(`scores[${i}]`, 'model', sc.model);
    refuseNul(`scores[${i}]`, sc);
  });
}

export function validateSegment(segment: SegmentInput): void {
  if (isBlank(segment.id)) throw new StorageInputError('segment', 'id', 'must be a non-empty string');
  checkKey('segment', 'id', segment.id);
  if (isBlank(segment.name))
    throw new StorageInputError(`segment "${segment.id}"`, 'name', 'must be a non-empty string');
  if (!(SEGMENT_KINDS as readonly string[]).includes(segment.kind))
    throw new StorageInputError(
      `segment "${segment.id}"`,
      'kind',
      `must be one of ${SEGMENT_KINDS.join(', ')}, got "${segment.kind}"`,
    );
  const d = segment.definition;
  if (d !== undefined && (typeof d !== 'object' || d === null || Array.isArray(d)))
    throw new StorageInputError(`segment "${segment.id}"`, 'definition', 'must be a JSON object');
  refuseNul(`segment "${segment.id}"`, segment);
}

/** Checks a refresh's customer ids and date; returns the distinct ids in their first order. */
export function validateRefresh(id: string, customerIds: readonly string[], asOf: Date): string[] {
  if (!(asOf instanceof Date) || Number.isNaN(asOf.getTime()))
    throw new StorageInputError(`refreshSegment "${id}"`, 'asOf', 'must be a valid date');
  customerIds.forEach((c, i) => {
    if (isBlank(c))
      throw new StorageInputError(`customerIds[${i}]`, 'customerId', 'must be a non-empty string');
    checkKey(`customerIds[${i}]`, 'customerId', c);
    checkNul(`customerIds[${i}]`, 'customerId', c);
  });
  return [...new Set(customerIds)];
}

/** Refuses an erasure-list entry whose hash is not 64 hex digits or whose time is not a valid Date. */
export function validateErasures(entries: readonly ErasureEntry[]): void {
  entries.forEach((e, i) => {
    if (typeof e.idHash !== 'string' || !/^[0-9a-f]{64}$/.test(e.idHash))
      throw new StorageInputError(
        `addErasures[${i}]`,
        'idHash',
        'must be 64 lower-case hex digits (a SHA-256)',
      );
    if (!(e.erasedAt instanceof Date) || Number.isNaN(e.erasedAt.getTime()))
      throw new StorageInputError(`addErasures[${i}]`, 'erasedAt', 'must be a valid Date');
    if (typeof e.held !== 'boolean')
      throw new StorageInputError(`addErasures[${i}]`, 'held', 'must be a boolean');
  });
}
