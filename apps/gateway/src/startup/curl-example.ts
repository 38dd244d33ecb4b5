/** A ready-to-paste curl command that asks the gateway about a real customer (or for health). */
export function curlExample(url: string, key: string, customerId: string | null): string {
  const query =
    customerId === null
      ? '{ health { status database counts { customers items events } } }'
      : `{ customer(id: "${customerId}") { externalId country events(first: 3) { edges { node { type timestamp quantity item { sku title } } } } } }`;
  const body = JSON.stringify({ query }).replace(/'/g, `'\\''`);
  return [
    `curl -s ${url} \\`,
    `  -H 'content-type: application/json' \\`,
    `  -H 'authorization: Bearer ${key}' \\`,
    `  -d '${body}'`,
  ].join('\n');
}
