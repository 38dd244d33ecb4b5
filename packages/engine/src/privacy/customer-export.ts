/**
 * A customer's data export: everything the store holds about one customer (record, events, scores, segment
 * memberships and history, campaign assignments, the import rejects naming them, erasure status), one
 * section per table `deleteCustomer` removes rows from. `exportCustomerData` returns the document;
 * `writeCustomerData` writes the same document as JSON text, reading the events in batches, so a long
 * history is never held whole.
 *
 * Consent does not narrow it: a customer who declined analytics has the same right of access.
 */
import {
  type CampaignAssignment,
  type Customer,
  customerAssignments,
  customerSnapshots,
  isErased,
  type Storage,
  type StoredEvent,
} from '@storewise/storage';
import {
  CUSTOMER_EXPORT_FORMAT,
  CUSTOMER_EXPORT_VERSION,
  type CustomerDataExport,
  CustomerExportError,
  type CustomerExportOptions,
  type ExportedEvent,
  type ExportedReject,
  type ExportedRows,
} from './export-types.js';

/** The document without its events and row counts: what is read before the events are. */
export type CustomerExportHead = Omit<CustomerDataExport, 'events' | 'rows'>;

const DEFAULT_BATCH = 10_000;
const iso = (d: Date): string => d.toISOString();

const REJECTS_NOTE =
  'Rows an import refused are kept with their raw text (storewise rejects lists them). Those whose customer field was read and names this customer are in importRejects, and deleteCustomer removes them; a row whose customer field could not be read (the id itself was refused, or the row could not be split into fields) is linked to no customer, though its text may name them: neither this export nor deleteCustomer includes it. `storewise rejects --clear` deletes them all.';
const MODELS_NOTE =
  "Trained models are aggregates over many customers and are not in this export; until they are trained again they hold a row computed from this customer's events (deleteCustomer does not rewrite them either).";

/** The customer's record and every section but the events; throws CustomerExportError for an unknown id. */
export async function customerExportHead(
  storage: Storage,
  customerId: string,
  now: Date = new Date(),
): Promise<CustomerExportHead> {
  const customer = await storage.getCustomer(customerId);
  const importRejects = await customerRejects(storage, customerId);
  // A customer all of whose rows were refused has rejects and no record.
  if (customer === null && importRejects.length === 0)
    throw new CustomerExportError(customerId, await isErased(storage, customerId));
  const scores = await storage.getScores(customerId);
  const [memberships = []] = await storage.getCustomerSegments([customerId]);
  const snapshots = await customerSnapshots(storage, customerId);
  const assignments = await customerAssignments(storage, customerId);
  const segmentNames = new Map((await storage.listSegments()).map((s) => [s.id, s.name]));
  const segmentName = (id: string) => segmentNames.get(id) ?? id;
  const campaignNames = new Map((await storage.listCampaigns()).map((c) => [c.id, c.name]));
  const { rejects } = await storage.counts();
  return {
    format: CUSTOMER_EXPORT_FORMAT,
    formatVersion: CUSTOMER_EXPORT_VERSION,
    exportedAt: iso(now),
    customerId,
    customer: customer === null ? null : exportedCustomer(customer),
    erasureList: { listed: await isErased(storage, customerId) },
    scores: scores
      .map((s) => ({ model: s.model, score: s.score, computedAt: iso(s.computedAt) }))
      .sort((a, b) => (a.model < b.model ? -1 : a.model > b.model ? 1 : 0)),
    segmentMemberships: memberships.map((m) => ({
      segmentId: m.segmentId,
      segmentName: segmentName(m.segmentId),
      since: iso(m.since),
    })),
    segmentSnapshots: snapshots.map((s) => ({
      segmentId: s.segmentId,
      segmentName: segmentName(s.segmentId),
      asOf: iso(s.asOf),
    })),
    campaignAssignments: assignments.map((a) => exportedAssignment(a, campaignNames.get(a.campaignId))),
    importRejects,
    notes: { rejectedImportFields: { kept: rejects, note: REJECTS_NOTE }, models: MODELS_NOTE },
  };
}

/** The rows per table that the document holds (`deleteCustomer`'s names). */
export function exportedRows(head: CustomerExportHead, events: number): ExportedRows {
  return {
    customer: head.customer === null ? 0 : 1,
    events,
    scores: head.scores.length,
    segmentMembers: head.segmentMemberships.length,
    segmentSnapshots: head.segmentSnapshots.length,
    campaignAssignments: head.campaignAssignments.length,
    importRejects: head.importRejects.length,
  };
}

/** The rejects naming the customer, in the order they were stored (a few per customer: read whole). */
async function customerRejects(storage: Storage, customerId: string): Promise<ExportedReject[]> {
  const out: ExportedReject[] = [];
  for await (const batch of storage.scanRejects({ customerId, batchSize: DEFAULT_BATCH }))
    for (const { source, line, field, reason, raw } of batch) out.push({ source, line, field, reason, raw });
  return out;
}

/** The customer's events in (timestamp, seq) order, in batches of `batchSize`. */
export async function* exportedEvents(
  storage: Storage,
  customerId: string,
  batchSize = DEFAULT_BATCH,
): AsyncIterable<ExportedEvent[]> {
  for await (const batch of storage.scanEvents({ customerId, batchSize })) yield batch.map(exportedEvent);
}

/**
 * Everything stored about `customerId` as one JSON-serialisable document (see `CustomerDataExport`). Throws
 * CustomerExportError ("no customer ...") for a customer the store does not hold. Holds all their events:
 * for a document of any size, `writeCustomerData` writes it in batches. Read in one read-only transaction:
 * the document is of one moment, whatever other connections write meanwhile.
 */
export async function exportCustomerData(
  storage: Storage,
  customerId: string,
  options: CustomerExportOptions = {},
): Promise<CustomerDataExport> {
  return await storage.transaction(
    async (tx) => {
      const head = await customerExportHead(tx, customerId, options.now);
      const events: ExportedEvent[] = [];
      for await (const batch of exportedEvents(tx, customerId, options.batchSize)) events.push(...batch);
      return { ...head, events, rows: exportedRows(head, events.length) };
    },
    { readOnly: true },
  );
}

/**
 * Writes the document of `exportCustomerData` as JSON text through `write` (a section per line, an event per
 * line), reading the events in batches: memory holds one batch. Nothing is written for an unknown customer
 * (CustomerExportError is thrown first). Returns the rows per table written. Like `exportCustomerData`, it
 * reads in one read-only transaction, open until the last `write` has returned: on the embedded database,
 * which has one connection, other work waits for it.
 */
export async function writeCustomerData(
  storage: Storage,
  customerId: string,
  write: (text: string) => void | Promise<void>,
  options: CustomerExportOptions = {},
): Promise<ExportedRows> {
  return await storage.transaction((tx) => writeDocument(tx, customerId, write, options), { readOnly: true });
}

async function writeDocument(
  storage: Storage,
  customerId: string,
  write: (text: string) => void | Promise<void>,
  options: CustomerExportOptions,
): Promise<ExportedRows> {
  const head = await customerExportHead(storage, customerId, options.now);
  let text = '{\n';
  for (const [key, value] of Object.entries(head))
    text += `  ${JSON.stringify(key)}: ${JSON.stringify(value)},\n`;
  await write(`${text}  "events": [`);
  let count = 0;
  for await (const batch of exportedEvents(storage, customerId, options.batchSize)) {
    if (batch.length === 0) continue;
    await write(batch.map((e, i) => `${count + i === 0 ? '' : ','}\n    ${JSON.stringify(e)}`).join(''));
    count += batch.length;
  }
  const rows = exportedRows(head, count);
  await write(`${count > 0 ? '\n  ' : ''}],\n  "rows": ${JSON.stringify(rows)}\n}\n`);
  return rows;
}

function exportedCustomer(c: Customer): CustomerDataExport['customer'] {
  return {
    externalId: c.externalId,
    country: c.country,
    attributes: c.attributes,
    consent: c.consent,
    createdAt: iso(c.createdAt),
    updatedAt: iso(c.updatedAt),
  };
}

function exportedEvent(e: StoredEvent): ExportedEvent {
  return {
    eventId: e.eventId,
    type: e.type,
    sku: e.sku,
    timestamp: iso(e.timestamp),
    quantity: e.quantity,
    unitPrice: e.unitPrice,
    rating: e.rating,
    query: e.query,
    sessionId: e.sessionId,
    orderId: e.orderId,
  };
}

function exportedAssignment(a: CampaignAssignment, campaignName: string | undefined) {
  return {
    campaignId: a.campaignId,
    campaignName: campaignName ?? a.campaignId,
    arm: a.arm,
    holdout: a.holdout,
    reason: a.reason,
    couponCode: a.couponCode,
    cost: a.cost,
    assignedAt: iso(a.assignedAt),
  };
}
