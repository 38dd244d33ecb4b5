// What a shop's storefront does with the SDK: track what a visitor does, then ask what to show them.
// Start the demo gateway first (`pnpm start` prints an admin key), then:
//   STOREWISE_KEY=sw_... pnpm --filter @storewise/examples exec tsx sdk-client/storefront.ts
import { createClient, StorewiseError } from '@storewise/sdk';
import { signCustomerToken } from '@storewise/sdk/server';

const url = process.env.STOREWISE_URL ?? 'http://localhost:4000/graphql';
const apiKey = process.env.STOREWISE_KEY;
if (!apiKey) {
  console.error('set STOREWISE_KEY to the key `pnpm start` printed (or a storefront key made with it)');
  process.exit(1);
}
const client = createClient({ url, apiKey });

// A storefront key may only track events and read recommendations: make one with the admin key.
const { key: storefrontKey } = await client.createApiKey(['STOREFRONT'], 'example storefront');
const storefront = createClient({ url, apiKey: storefrontKey });

// Customer 14078 of the demo shop looks at a dinosaur set, then puts it in the cart.
const tracked = await storefront.trackEvents([
  { eventId: `example-view-${Date.now()}`, type: 'VIEW', customerId: '14078', sku: '21826' },
  { eventId: `example-cart-${Date.now()}`, type: 'ADD_TO_CART', customerId: '14078', sku: '21826' },
]);
console.log(`tracked ${tracked.inserted} events`);

// Without a customer token the storefront gets what a stranger gets: a list scored from 14078's history
// would name what they bought, and anyone can read the key from the page and name any customer.
const recs = await storefront.recommendations('14078', { first: 5, rules: { inStockOnly: true } });
console.log(`recommendations (${recs.strategy}):`);
for (const item of recs.items) console.log(`  ${item.sku.padEnd(8)} ${item.title ?? ''}`);

// The shop's own server, with a read key, gets the customer's own list (without what they bought or
// rated: rules: { excludeBought: false } keeps it) and why.
const { key: serverKey } = await client.createApiKey(['READ'], 'example shop server');
const server = createClient({ url, apiKey: serverKey });
const explained = await server.recommendations('14078', {
  first: 5,
  rules: { inStockOnly: true },
  explain: true,
});
console.log(`not bought yet (${explained.strategy}):`);
for (const item of explained.items) {
  const because = (item.because ?? []).map((b) => b.title ?? b.sku).join(', ');
  console.log(`  ${item.sku.padEnd(8)} ${item.title ?? ''}${because ? `  (because of ${because})` : ''}`);
}

// When the customer is logged in, the shop's server signs a customer token with the gateway's
// STOREWISE_CUSTOMER_TOKEN_SECRET and the page sends it beside the storefront key: the storefront then
// gets this customer's own recommendations (without what they bought) and their explanations (for this
// customer only).
const secret = process.env.STOREWISE_CUSTOMER_TOKEN_SECRET;
if (secret) {
  const customerToken = await signCustomerToken({ secret, customerId: '14078', expiresInSeconds: 900 });
  const loggedIn = createClient({ url, apiKey: storefrontKey, customerToken });
  const own = await loggedIn.recommendations('14078', {
    first: 5,
    rules: { inStockOnly: true },
    explain: true,
  });
  console.log(`for the logged-in customer (${own.strategy}):`);
  for (const item of own.items)
    console.log(`  ${item.sku.padEnd(8)} because of ${(item.because ?? []).map((b) => b.sku).join(', ')}`);
} else
  console.log('(set STOREWISE_CUSTOMER_TOKEN_SECRET as the gateway has it to see a customer token at work)');

// The storefront key cannot read customers' data: the gateway refuses, naming the reason.
try {
  await storefront.customer('14078', { first: 1 });
} catch (error) {
  if (error instanceof StorewiseError)
    console.log(`as expected, a storefront key cannot read customers: ${error.code}`);
  else throw error;
}
