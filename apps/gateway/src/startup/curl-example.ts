/**
 * A ready-to-paste curl command that asks for a real customer's recommendations (or for health), with
 * `key`, or a shell variable naming it (`$STOREWISE_ADMIN_KEY`).
 */
export function curlExample(url: string, key: string, customerId: string | null): string {
  const request =
    customerId === null
      ? { query: '{ health { status database counts { customers items events } } }' }
      : {
          query:
            'query ($id: String!) { recommendations(customerId: $id, first: 5) { strategy items { sku title score because { title event } } } }',
          variables: { id: customerId },
        };
  const body = JSON.stringify(request).replace(/'/g, `'\\''`);
  // A shell variable (`$STOREWISE_ADMIN_KEY`) stands for a key not printed: double quotes expand it.
  const auth = key.startsWith('$') ? `"authorization: Bearer ${key}"` : `'authorization: Bearer ${key}'`;
  return [
    `curl -s ${url} \\`,
    `  -H 'content-type: application/json' \\`,
    `  -H ${auth} \\`,
    `  -d '${body}'`,
  ].join('\n');
}
