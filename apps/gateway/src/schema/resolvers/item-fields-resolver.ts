import type { Attributes, Item as StoredItem } from '@storewise/storage';
import { Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { Principal } from '../../auth/authenticator.js';
import type { GatewayContext } from '../../context.js';
import { JSONObjectScalar } from '../scalars.js';
import { Item } from '../types/item.js';

/**
 * Whether the caller reads an item as a web page does: a storefront key (with or without a customer
 * token) without the read, write or admin scope. The page's key is public, and shops keep a product's
 * cost, supplier and exact stock in the catalog.
 */
function storefrontOnly(principal: Principal | null): boolean {
  return principal !== null && !(['read', 'write', 'admin'] as const).some((s) => principal.scopes.has(s));
}

/** An item's stock and attributes, of which a storefront key reads what the gateway's settings allow. */
@Resolver(() => Item)
export class ItemFieldsResolver {
  @FieldResolver(() => Int, {
    nullable: true,
    description:
      'Units in stock; null when stock is not tracked. A storefront key reads null unless the gateway allows it the exact stock (STOREWISE_STOREFRONT_EXACT_STOCK): it reads inStock.',
  })
  stock(@Root() item: StoredItem, @Ctx() ctx: GatewayContext): number | null {
    if (storefrontOnly(ctx.principal) && !ctx.config.storefrontExactStock) return null;
    return item.stock;
  }

  @FieldResolver(() => Boolean, {
    nullable: true,
    description:
      'Whether the item is in stock (stock above 0); null when stock is not tracked (such an item counts as in stock for the rule inStockOnly). Every key reads it.',
  })
  inStock(@Root() item: StoredItem): boolean | null {
    return item.stock === null ? null : item.stock > 0;
  }

  @FieldResolver(() => JSONObjectScalar, {
    description:
      "The item's attributes. A storefront key reads only those the gateway lists in STOREWISE_STOREFRONT_ITEM_ATTRIBUTES (none by default; shops keep cost and supplier here); other keys read them all.",
  })
  attributes(@Root() item: StoredItem, @Ctx() ctx: GatewayContext): Attributes {
    if (!storefrontOnly(ctx.principal)) return item.attributes;
    const shown = ctx.config.storefrontItemAttributes;
    return Object.fromEntries(Object.entries(item.attributes).filter(([key]) => shown.includes(key)));
  }
}
