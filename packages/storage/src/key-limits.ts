/**
 * The longest key every adapter stores: customer ids, SKUs, event ids, segment ids, model names, score
 * model names, API key ids (validate.ts checks each), campaign ids and coupon codes (campaign-validate.ts).
 * The SQL adapters index each of them, and PostgreSQL's
 * B-tree holds an index row of at most 2,704 bytes: 1,000 characters of Chinese (3 UTF-8 bytes each) did
 * not fit ("index row size 3016 exceeds btree version 4 maximum 2704"), 800 do (2,400 bytes). A longer
 * key is refused on every adapter with the same StorageInputError, so the memory adapter does not store
 * what the others cannot. The gateway's own limit (128) lies well within it.
 *
 * Counted as JavaScript counts a string's length (UTF-16 code units): at most 3 UTF-8 bytes each.
 */
export const MAX_KEY_LENGTH = 800;

/** The range of a stock count (PostgreSQL `integer`). */
export const STOCK_MIN = -2_147_483_648;
export const STOCK_MAX = 2_147_483_647;
