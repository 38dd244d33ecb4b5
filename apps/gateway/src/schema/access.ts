import { Extensions } from 'type-graphql';
import type { Scope } from '../auth/api-key.js';

/** Scopes a field accepts (any one of them; `admin` satisfies every field); 'public' needs no key. */
export type FieldAccess = Scope | 'public';

/**
 * Declares which API-key scopes may select a field. Root fields without a declaration are refused to
 * everyone but admins; nested fields without one inherit their parent's check. The access plugin reads
 * these from the schema's field extensions, so the rules live beside the fields they guard.
 */
export function Access(...scopes: FieldAccess[]): MethodDecorator & PropertyDecorator & ClassDecorator {
  return Extensions({ scopes });
}

/** Declared cost of a connection-like field: its own point plus `first` times its children. */
export function pagedCost({
  args,
  childComplexity,
}: {
  args: Record<string, unknown>;
  childComplexity: number;
}) {
  const first = typeof args.first === 'number' ? args.first : 1;
  return 1 + first * Math.max(1, childComplexity);
}
