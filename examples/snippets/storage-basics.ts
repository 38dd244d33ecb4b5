import { openStorage, scanOrderAggregates } from '@storewise/storage';

const storage = await openStorage(process.argv[2] ?? 'memory:'); // a directory, 'postgres://...', or 'memory:'
await storage.upsertItems([
  { sku: 'mug', title: 'White mug', categoryPath: ['Home', 'Mugs'], price: 5.5, stock: 12 },
]);
const purchase = {
  eventId: 'o1-1',
  type: 'purchase' as const,
  customerId: 'alice',
  sku: 'mug',
  quantity: 2,
  unitPrice: 5.5,
  orderId: 'o1',
  timestamp: new Date('2024-03-01T10:00:00Z'),
};
// Event ids make appends idempotent: the second copy is counted as a duplicate.
console.log(await storage.appendEvents([purchase, purchase])); // { inserted: 1, duplicates: 1, erased: 0, conflicts: [], unsettled: [] }

for await (const batch of scanOrderAggregates(storage)) console.log(batch); // orders, revenue ... per customer
console.log(await storage.deleteCustomer('alice')); // { customer: 1, events: 1, scores: 0, segmentMembers: 0, ... }
// She stays erased: her events are left out of later writes until storage.restoreCustomer('alice').
console.log(await storage.appendEvents([purchase])); // { inserted: 0, duplicates: 0, erased: 1, erasedCustomers: [ 'alice' ], conflicts: [], unsettled: [] }
await storage.close();
