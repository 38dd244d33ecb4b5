import { exportCustomerData, writeCustomerData } from '@storewise/engine';
import { openStorage } from '@storewise/storage';

const storage = await openStorage(process.argv[2] ?? 'memory:');
await storage.upsertCustomers([{ externalId: 'alice', country: 'NL', consent: { marketing: false } }]);
await storage.appendEvents([
  {
    eventId: 'v1',
    type: 'view',
    customerId: 'alice',
    sku: 'mug',
    timestamp: new Date('2024-03-01T10:00:00Z'),
  },
  {
    eventId: 'p1',
    type: 'purchase',
    customerId: 'alice',
    sku: 'mug',
    timestamp: new Date('2024-03-01T10:05:00Z'),
  },
]);
// Everything stored about her, as one JSON-serialisable document (throws "no customer ..." for an unknown id).
const doc = await exportCustomerData(storage, 'alice');
console.log(
  doc.customer?.consent, // null for a customer held only in rejected import rows
  doc.events.map((e) => `${e.type} ${e.sku}`),
); // { marketing: false } [ 'view mug', 'purchase mug' ]
console.log(doc.rows); // { customer: 1, events: 2, scores: 0, ... }: what deleteCustomer would remove
// The same document as JSON text, written piece by piece with the events read in batches (a history of any
// length): give it a file's or a response's write.
const chunks: string[] = [];
await writeCustomerData(storage, 'alice', (text) => void chunks.push(text));
console.log(chunks.length, JSON.parse(chunks.join('')).events.length); // 3 2: the head, a batch of events, the end
console.log(await storage.deleteCustomer('alice')); // the same counts, table by table
await storage.close();
