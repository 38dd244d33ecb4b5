import { Extensions } from 'type-graphql';
import type { Scope } from '../auth/api-key.js';

/**
 * Scopes a field accepts (any one of them; `admin` satisfies every field); 'public' needs no key;
 * 'customer' is a key with a customer token, for that customer's data only (the resolver checks whose).
 */
export type FieldAccess = Scope | 'public' | 'customer';

/**
 * Declares which API-key scopes may select a field, or (on an object type) each of its fields that
 * declares none. Root fields without a declaration are refused to everyone but admins; nested fields
 * without one, on a type without one, inherit their parent's check. A type that holds data of its own
 * scope (Customer, Event: read) declares it on the type, so a field that returns it to a key of another
 * scope (a write mutation's result, say) does not open it. The access plugin reads these from the
 * schema's field and type extensions, so the rules live beside the fields they guard.
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
