import { registerEnumType } from 'type-graphql';

/** Event types as GraphQL enum values; the values are storage's words. */
export enum EventTypeValue {
  VIEW = 'view',
  ADD_TO_CART = 'add_to_cart',
  REMOVE_FROM_CART = 'remove_from_cart',
  PURCHASE = 'purchase',
  RETURN = 'return',
  SEARCH = 'search',
  RATING = 'rating',
}

export enum ScopeValue {
  READ = 'read',
  WRITE = 'write',
  ADMIN = 'admin',
  STOREFRONT = 'storefront',
}

registerEnumType(EventTypeValue, { name: 'EventType', description: 'What a customer did.' });
registerEnumType(ScopeValue, {
  name: 'Scope',
  description: 'What an API key may do.',
  valuesConfig: {
    READ: {
      description:
        'Read customers, items, events, segments, campaigns and their results, recommendations, models and the shop report.',
    },
    WRITE: {
      description:
        'Track events, upsert items and customers, delete customers, create segments, create, start and stop campaigns, get offers.',
    },
    ADMIN: { description: 'Everything, including API key management.' },
    STOREFRONT: {
      description:
        'Track events, read recommendations and get campaign offers, nothing else: safe in a web page.',
    },
  },
});

/** Lengths of a period of demand; the values are storage's words. */
export enum DemandPeriodValue {
  DAY = 'day',
  WEEK = 'week',
  MONTH = 'month',
}

registerEnumType(DemandPeriodValue, {
  name: 'DemandPeriod',
  description: 'A period of demand, in UTC: days from midnight, weeks from Monday, months from the 1st.',
});
