/** A ready-to-paste curl command that asks for a real customer's recommendations (or for health). */
export function curlExample(url: string, key: string, customerId: string | null): string {
  const request =
    customerId === null
      ? { query: '{ health { status database counts { customers items events } } }' }
      : {
          query:
            'query ($id: String!) { recommendations(customerId: $id, first: 5, rules: { excludeBought: true }) { strategy items { sku title score because { title event } } } }',
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
