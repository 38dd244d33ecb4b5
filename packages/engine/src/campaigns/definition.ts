/**
 * A campaign definition (the JSON of `storewise campaign create --file`), checked field by field with errors
 * that name the path (e.g. `arms[1].costPerConversion: must be a number >= 0, got -2`). See
 * docs/campaigns.md for every field and examples/campaigns/win-back.json for a complete one.
 */
import { type SegmentFilter, SegmentFilterError, validateSegmentFilter } from '@storewise/storage';
import { fairnessByProblem } from '../customers/customer-groups.js';
import {
  bool,
  CampaignDefinitionError,
  type Check,
  date,
  isObject,
  type Json,
  num,
  object,
  str,
} from './definition-fields.js';

export { CampaignDefinitionError, type DefinitionProblem } from './definition-fields.js';

export interface CampaignArm {
  id: string;
  name: string;
  /** Whether an assignment to this arm gets a unique coupon code. */
  coupon: boolean;
  /** Cost of sending the offer (a message, a gift), paid for every customer offered. */
  costPerOffer: number;
  /** Cost paid when an offered customer buys (the discount's value). */
  costPerConversion: number;
  /** Assumed relative uplift of P(buy): P(buy | offer) = min(1, P(buy | no offer) x (1 + uplift)). */
  assumedUplift?: number;
}

export type CampaignPolicy =
  | { type: 'fixed-split'; weights?: number[] }
  | {
      type: 'thompson';
      objective: 'conversion' | 'margin';
      /** Margin of a conversion before the arm's cost per conversion (objective 'margin'). */
      marginPerConversion?: number;
      priorAlpha?: number;
      priorBeta?: number;
    }
  | {
      type: 'incremental-margin';
      /** The stored score holding P(buy within N days | no offer), named p_purchase_<N>d. */
      propensityModel: string;
      marginPerConversion: number;
    };

export type CampaignAudience = { segment: string } | { filter: SegmentFilter };

export interface CampaignDefinition {
  id: string;
  name: string;
  audience: CampaignAudience;
  arms: CampaignArm[];
  policy: CampaignPolicy;
  holdout: { fraction: number; global: boolean; globalFraction: number };
  frequencyCap?: { maxOffers: number; windowDays: number };
  /** Total cost allowed (sum of the assignments' costs); none when left out. */
  budget?: number;
  attributionWindowDays: number;
  trigger?: { event: 'add_to_cart'; noPurchaseWithinMinutes: number };
  startsAt?: Date;
  endsAt?: Date;
  report: { fairnessBy: string; upliftScore?: string };
}

/** The global holdout's share when `holdout.global` is true and no `globalFraction` is given. */
export const DEFAULT_GLOBAL_HOLDOUT_FRACTION = 0.05;
export const PROPENSITY_MODEL = /^p_purchase_(\d+)d$/;
/**
 * The longest attribution window and frequency-cap window taken, in days (ten years): an assignment time
 * plus the window then stays a date JavaScript and every store take (far longer ones failed the report with a
 * raw RangeError or SQL error).
 */
export const MAX_WINDOW_DAYS = 3650;
const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;
const TOP_FIELDS = [
  'id',
  'name',
  'audience',
  'arms',
  'policy',
  'holdout',
  'frequencyCap',
  'budget',
  'attributionWindowDays',
  'trigger',
  'startsAt',
  'endsAt',
  'report',
];

function audience(v: unknown): CampaignAudience {
  const a = object(v, 'audience', ['segment', 'filter']);
  if ((a.segment === undefined) === (a.filter === undefined))
    throw new CampaignDefinitionError(
      'audience',
      'must have exactly one of segment (a segment id) or filter (a rule)',
    );
  if (a.segment !== undefined) return { segment: str(a.segment, 'audience.segment') };
  try {
    return { filter: validateSegmentFilter(a.filter, 'audience.filter') };
  } catch (error) {
    if (error instanceof SegmentFilterError)
      throw new CampaignDefinitionError(error.path, error.reason, error.problems.slice(1));
    throw error;
  }
}

function arms(v: unknown, needUplift: boolean, check: Check): CampaignArm[] {
  if (!Array.isArray(v) || v.length === 0)
    throw new CampaignDefinitionError('arms', 'must be a non-empty list of offers');
  const seen = new Set<string>();
  return v.flatMap((raw, i) => check(() => [arm(raw, i, seen, needUplift, check)], []));
}

/** One arm; each of its fields is checked (a problem of each is kept), so one look lists them all. */
function arm(raw: unknown, i: number, seen: Set<string>, needUplift: boolean, check: Check): CampaignArm {
  const p = `arms[${i}]`;
  const a = object(
    raw,
    p,
    ['id', 'name', 'coupon', 'costPerOffer', 'costPerConversion', 'assumedUplift'],
    check,
  );
  const id = check(() => {
    const id = str(a.id, `${p}.id`, ID);
    if (seen.has(id)) throw new CampaignDefinitionError(`${p}.id`, `"${id}" repeats an earlier arm`);
    seen.add(id);
    return id;
  }, `arms[${i}]`);
  const cost = (field: 'costPerOffer' | 'costPerConversion') =>
    check(() => (a[field] === undefined ? 0 : num(a[field], `${p}.${field}`, 0)), 0);
  const out: CampaignArm = {
    id,
    name: check(() => (a.name === undefined ? id : str(a.name, `${p}.name`)), id),
    coupon: check(() => bool(a.coupon, `${p}.coupon`, false), false),
    costPerOffer: cost('costPerOffer'),
    costPerConversion: cost('costPerConversion'),
  };
  if (a.assumedUplift !== undefined || needUplift)
    out.assumedUplift = check(() => num(a.assumedUplift, `${p}.assumedUplift`, -1), 0);
  return out;
}

/** The policy; each of its fields is checked (a problem of each is kept), as an arm's are. */
function policy(v: unknown, armCount: number, check: Check): CampaignPolicy {
  if (!isObject(v)) throw new CampaignDefinitionError('policy', 'must be an object with a type');
  switch (v.type) {
    case 'fixed-split': {
      const p = object(v, 'policy', ['type', 'weights'], check);
      if (p.weights === undefined) return { type: 'fixed-split' };
      const weights = check(() => splitWeights(p.weights, armCount, check), undefined);
      return weights ? { type: 'fixed-split', weights } : { type: 'fixed-split' };
    }
    case 'thompson': {
      const p = object(
        v,
        'policy',
        ['type', 'objective', 'marginPerConversion', 'priorAlpha', 'priorBeta'],
        check,
      );
      const objective = check((): 'conversion' | 'margin' => {
        const o = p.objective ?? 'conversion';
        if (o !== 'conversion' && o !== 'margin')
          throw new CampaignDefinitionError(
            'policy.objective',
            `must be "conversion" or "margin", got ${JSON.stringify(p.objective)}`,
          );
        return o;
      }, 'conversion');
      const out: CampaignPolicy = { type: 'thompson', objective };
      if (objective === 'margin' || p.marginPerConversion !== undefined)
        out.marginPerConversion = check(() => num(p.marginPerConversion, 'policy.marginPerConversion', 0), 0);
      for (const k of ['priorAlpha', 'priorBeta'] as const)
        if (p[k] !== undefined) out[k] = check(() => num(p[k], `policy.${k}`, 0, { aboveMin: true }), 1);
      return out;
    }
    case 'incremental-margin': {
      const p = object(v, 'policy', ['type', 'propensityModel', 'marginPerConversion'], check);
      const model = check(() => {
        const model = str(p.propensityModel, 'policy.propensityModel');
        if (!PROPENSITY_MODEL.test(model))
          throw new CampaignDefinitionError(
            'policy.propensityModel',
            `must be a score named p_purchase_<N>d, got "${model}"`,
          );
        return model;
      }, '');
      return {
        type: 'incremental-margin',
        propensityModel: model,
        marginPerConversion: check(() => num(p.marginPerConversion, 'policy.marginPerConversion', 0), 0),
      };
    }
    default:
      throw new CampaignDefinitionError(
        'policy.type',
        `must be "fixed-split", "thompson" or "incremental-margin", got ${JSON.stringify(v.type)}`,
      );
  }
}

/** A fixed split's weights: one number >= 0 per arm (each entry's problem kept), with a positive sum. */
function splitWeights(v: unknown, armCount: number, check: Check): number[] | undefined {
  if (!Array.isArray(v) || v.length !== armCount)
    throw new CampaignDefinitionError('policy.weights', `must be a list of ${armCount} numbers, one per arm`);
  const weights = v.map((w, i) => check(() => num(w, `policy.weights[${i}]`, 0), Number.NaN));
  if (weights.some(Number.isNaN)) return undefined;
  if (!(weights.reduce((s, w) => s + w, 0) > 0))
    throw new CampaignDefinitionError('policy.weights', 'must have a positive sum');
  return weights;
}

/**
 * Checks a parsed campaign definition and returns it typed, with defaults filled in. Every part is
 * checked before it throws: the error holds each problem found (one per field; within a field, the first).
 */
export function validateCampaignDefinition(value: unknown): CampaignDefinition {
  if (!isObject(value)) throw new CampaignDefinitionError('definition', 'must be an object');
  const d = value;
  const problems: CampaignDefinitionError[] = [];
  const check: Check = (part, fallback) => {
    try {
      return part();
    } catch (error) {
      if (!(error instanceof CampaignDefinitionError)) throw error;
      problems.push(error);
      return fallback;
    }
  };
  for (const key of Object.keys(d))
    if (!TOP_FIELDS.includes(key))
      problems.push(
        new CampaignDefinitionError(`definition.${key}`, `unknown field (expected ${TOP_FIELDS.join(', ')})`),
      );
  const id = check(() => str(d.id, 'id', ID), '');
  const name = check(() => str(d.name, 'name'), '');
  const aud = check(() => audience(d.audience), { segment: '' });
  const pol = isObject(d.policy) ? d.policy : {};
  const armList = check(() => arms(d.arms, pol.type === 'incremental-margin', check), []);
  const armCount = Array.isArray(d.arms) ? d.arms.length : armList.length;
  const h = check(
    () =>
      d.holdout === undefined ? {} : object(d.holdout, 'holdout', ['fraction', 'global', 'globalFraction']),
    {} as Json,
  );
  const out: CampaignDefinition = {
    id,
    name,
    audience: aud,
    arms: armList,
    policy: check(() => policy(d.policy, armCount, check), { type: 'fixed-split' }),
    holdout: {
      fraction: check(
        () => (h.fraction === undefined ? 0.1 : num(h.fraction, 'holdout.fraction', 0, { below: 1 })),
        0,
      ),
      global: check(() => bool(h.global, 'holdout.global', false), false),
      globalFraction: check(
        () =>
          h.globalFraction === undefined
            ? DEFAULT_GLOBAL_HOLDOUT_FRACTION
            : num(h.globalFraction, 'holdout.globalFraction', 0, { below: 1 }),
        0,
      ),
    },
    attributionWindowDays: check(
      () =>
        num(d.attributionWindowDays, 'attributionWindowDays', 0, { aboveMin: true, max: MAX_WINDOW_DAYS }),
      0,
    ),
    report: { fairnessBy: 'country' },
  };
  if (d.frequencyCap !== undefined)
    check(() => {
      const f = object(d.frequencyCap, 'frequencyCap', ['maxOffers', 'windowDays'], check);
      out.frequencyCap = {
        maxOffers: check(() => num(f.maxOffers, 'frequencyCap.maxOffers', 1, { int: true }), 1),
        windowDays: check(
          () => num(f.windowDays, 'frequencyCap.windowDays', 0, { aboveMin: true, max: MAX_WINDOW_DAYS }),
          1,
        ),
      };
    }, undefined);
  if (d.budget !== undefined) check(() => (out.budget = num(d.budget, 'budget', 0)), 0);
  if (d.trigger !== undefined)
    check(() => {
      const t = object(d.trigger, 'trigger', ['event', 'noPurchaseWithinMinutes'], check);
      check(() => {
        if (t.event !== 'add_to_cart')
          throw new CampaignDefinitionError(
            'trigger.event',
            `must be "add_to_cart", got ${JSON.stringify(t.event)}`,
          );
      }, undefined);
      const minutes = check(
        () => num(t.noPurchaseWithinMinutes, 'trigger.noPurchaseWithinMinutes', 0, { aboveMin: true }),
        1,
      );
      out.trigger = { event: 'add_to_cart', noPurchaseWithinMinutes: minutes };
    }, undefined);
  const startsAt = check(() => date(d.startsAt, 'startsAt'), undefined);
  const endsAt = check(() => date(d.endsAt, 'endsAt'), undefined);
  if (startsAt) out.startsAt = startsAt;
  if (endsAt) out.endsAt = endsAt;
  if (startsAt && endsAt && endsAt <= startsAt)
    problems.push(new CampaignDefinitionError('endsAt', 'must be after startsAt'));
  if (d.report !== undefined)
    check(() => {
      const r = object(d.report, 'report', ['fairnessBy', 'upliftScore'], check);
      if (r.fairnessBy !== undefined)
        check(() => {
          const by = str(r.fairnessBy, 'report.fairnessBy');
          const byProblem = fairnessByProblem(by);
          if (byProblem) throw new CampaignDefinitionError('report.fairnessBy', byProblem);
          out.report.fairnessBy = by;
        }, undefined);
      if (r.upliftScore !== undefined)
        check(() => (out.report.upliftScore = str(r.upliftScore, 'report.upliftScore')), '');
    }, undefined);
  const [first, ...more] = problems;
  if (first) throw new CampaignDefinitionError(first.path, first.reason, more);
  if (out.report.upliftScore === undefined && out.policy.type === 'incremental-margin')
    out.report.upliftScore = out.policy.propensityModel;
  return out;
}

/** What storage keeps in the campaign row's definition: everything but the id, name and dates (columns). */
export function storedDefinition(d: CampaignDefinition): Record<string, unknown> {
  const { id: _id, name: _name, startsAt: _s, endsAt: _e, ...rest } = d;
  return JSON.parse(JSON.stringify(rest)) as Record<string, unknown>;
}

/** The definition of a stored campaign (re-validated, so a row edited by hand cannot slip through). */
export function definitionOf(c: {
  id: string;
  name: string;
  definition: Record<string, unknown>;
  startsAt: Date | null;
  endsAt: Date | null;
}): CampaignDefinition {
  return validateCampaignDefinition({
    ...c.definition,
    id: c.id,
    name: c.name,
    ...(c.startsAt ? { startsAt: c.startsAt } : {}),
    ...(c.endsAt ? { endsAt: c.endsAt } : {}),
  });
}

export const DAY_MS = 86_400_000;
