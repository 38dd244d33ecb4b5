import type { FormatReader, ImportFormat } from '../types.js';
import { readEvents } from './events.js';
import { readMovielens } from './movielens.js';
import { readOnlineRetail } from './online-retail.js';

/** The reader of each import format. */
export const FORMAT_READERS: Readonly<Record<ImportFormat, FormatReader>> = {
  'online-retail': readOnlineRetail,
  events: readEvents,
  movielens: readMovielens,
};

export { EVENT_COLUMNS_OPTIONAL, EVENT_COLUMNS_REQUIRED } from './events-fields.js';
export { MOVIELENS_GENRES } from './movielens.js';
