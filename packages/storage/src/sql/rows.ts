import type { Attributes, ConsentFlags, Customer, EventType, Item, StoredEvent } from '../types.js';

export interface CustomerRow {
  id: number;
  externalId: string;
  country: string | null;
  attributes: Attributes;
  consent: ConsentFlags;
  createdAt: Date;
  updatedAt: Date;
}

export const toCustomer = (r: CustomerRow): Customer => ({
  index: r.id,
  externalId: r.externalId,
  country: r.country,
  attributes: r.attributes,
  consent: r.consent,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

export interface ItemRow {
  id: number;
  sku: string;
  title: string | null;
  categoryPath: string[];
  price: number | null;
  currency: string | null;
  stock: number | null;
  attributes: Attributes;
  createdAt: Date;
  updatedAt: Date;
}

export const toItem = (r: ItemRow): Item => ({
  index: r.id,
  sku: r.sku,
  title: r.title,
  categoryPath: r.categoryPath,
  price: r.price,
  currency: r.currency,
  stock: r.stock,
  attributes: r.attributes,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

/** An event row as raw SQL returns it (times as epoch milliseconds, to be driver-independent). */
export interface EventRow {
  seq: number;
  event_id: string;
  type: EventType;
  customer: string | null;
  sku: string | null;
  customer_id: number | null;
  item_id: number | null;
  ts_ms: number;
  quantity: number | null;
  unit_price: number | null;
  rating: number | null;
  query: string | null;
  session_id: string | null;
  order_id: string | null;
}

export const toEvent = (r: EventRow): StoredEvent => ({
  seq: Number(r.seq),
  eventId: r.event_id,
  type: r.type,
  customerId: r.customer,
  sku: r.sku,
  customerIndex: r.customer_id,
  itemIndex: r.item_id,
  timestamp: new Date(Number(r.ts_ms)),
  quantity: r.quantity,
  unitPrice: r.unit_price,
  rating: r.rating,
  query: r.query,
  sessionId: r.session_id,
  orderId: r.order_id,
});
