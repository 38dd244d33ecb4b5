/**
 * The checks of what a campaign definition names in the store: the segment of its audience, the scores and
 * segments its audience filter names (as a rule segment's are checked), and the propensity score of the
 * incremental-margin policy. Made with the field checks (validateCampaignDefinition)
 * when a campaign is created, so one look lists every problem, and again when it starts.
 */
import {
  type SegmentFilter,
  SegmentFilterError,
  type Storage,
  scoreModels,
  validateSegmentFilter,
} from '@storewise/storage';
import { checkFilterReferences } from '../customers/filter-references.js';
import { type CampaignDefinition, PROPENSITY_MODEL, validateCampaignDefinition } from './definition.js';
import { CampaignDefinitionError, type DefinitionProblem, isObject } from './definition-fields.js';

/** The names a definition gives of things the store must hold. */
interface References {
  segment?: string;
  /** The audience's filter, when it is a valid one (its own problems are the field checks'). */
  filter?: SegmentFilter;
  propensityModel?: string;
}

/** `raw` as a filter, or undefined when it is not a valid one. */
function validFilter(raw: unknown): SegmentFilter | undefined {
  try {
    return validateSegmentFilter(raw, 'audience.filter');
  } catch (error) {
    if (error instanceof SegmentFilterError) return undefined;
    throw error;
  }
}

/** The names of a definition not yet checked field by field: only those that are well-formed. */
function referencesOf(raw: unknown): References {
  const out: References = {};
  if (!isObject(raw)) return out;
  const { audience, policy } = raw;
  if (isObject(audience) && typeof audience.segment === 'string' && audience.segment.trim() !== '')
    out.segment = audience.segment;
  if (isObject(audience) && audience.filter !== undefined) {
    const filter = validFilter(audience.filter);
    if (filter !== undefined) out.filter = filter;
  }
  if (
    isObject(policy) &&
    policy.type === 'incremental-margin' &&
    typeof policy.propensityModel === 'string' &&
    PROPENSITY_MODEL.test(policy.propensityModel)
  )
    out.propensityModel = policy.propensityModel;
  return out;
}

/**
 * The problems of the names: an unknown segment; a propensity score that no customer has (every customer
 * would silently get the base rate), named with the scores that exist.
 */
export async function referenceProblems(storage: Storage, refs: References): Promise<DefinitionProblem[]> {
  const problems: DefinitionProblem[] = [];
  if (refs.segment !== undefined && !(await storage.getSegment(refs.segment)))
    problems.push({ path: 'audience.segment', reason: `names an unknown segment "${refs.segment}"` });
  if (refs.filter !== undefined) {
    // A score or segment no one has and nothing computes (a typo): the audience would silently be empty.
    const check = await checkFilterReferences(storage, refs.filter, 'audience.filter');
    for (const p of check.problems)
      problems.push({ path: p.field, reason: p.message.slice(p.message.indexOf(': ') + 2) });
  }
  if (refs.propensityModel !== undefined) {
    const models = await scoreModels(storage);
    if (!models.includes(refs.propensityModel)) {
      const days = PROPENSITY_MODEL.exec(refs.propensityModel)![1];
      problems.push({
        path: 'policy.propensityModel',
        reason: `no customer has a stored score "${refs.propensityModel}" (stored scores: ${models.length > 0 ? models.join(', ') : 'none'}); storewise train propensity --horizon ${Number(days)} stores it`,
      });
    }
  }
  return problems;
}

/** The references of a checked definition. */
export function referencesOfDefinition(def: CampaignDefinition): References {
  return {
    ...('segment' in def.audience ? { segment: def.audience.segment } : { filter: def.audience.filter }),
    ...(def.policy.type === 'incremental-margin' ? { propensityModel: def.policy.propensityModel } : {}),
  };
}

/**
 * Checks a parsed definition field by field and what it names in the store, and throws every problem found
 * at once (the fields' first, then the names'); returns the definition typed, with defaults filled in.
 */
export async function validateDefinitionInStore(storage: Storage, raw: unknown): Promise<CampaignDefinition> {
  let def: CampaignDefinition | undefined;
  const problems: DefinitionProblem[] = [];
  try {
    def = validateCampaignDefinition(raw);
  } catch (error) {
    if (!(error instanceof CampaignDefinitionError)) throw error;
    problems.push(...error.problems);
  }
  problems.push(...(await referenceProblems(storage, referencesOf(raw))));
  const [first, ...more] = problems;
  if (first) throw new CampaignDefinitionError(first.path, first.reason, more);
  return def!;
}
