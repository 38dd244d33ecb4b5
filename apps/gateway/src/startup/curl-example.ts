/** A ready-to-paste curl command that asks the gateway about a real customer (or for health). */
export function curlExample(url: string, key: string, customerId: string | null): string {
  const request =
    customerId === null
      ? { query: '{ health { status database counts { customers items events } } }' }
      : {
          query:
            'query ($id: String!) { customer(id: $id) { externalId country events(first: 3) { edges { node { type timestamp quantity item { sku title } } } } } }',
          variables: { id: customerId },
        };
  const body = JSON.stringify(request).replace(/'/g, `'\\''`);
  return [
    `curl -s ${url} \\`,
    `  -H 'content-type: application/json' \\`,
    `  -H 'authorization: Bearer ${key}' \\`,
    `  -d '${body}'`,
  ].join('\n');
}
