/**
 * A database location fit for messages and logs: a URL's password is masked (`postgres://shop:***@host/db`);
 * directories and `memory:` are returned as they are.
 */
export function redactDatabase(spec: string): string {
  return spec.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}
