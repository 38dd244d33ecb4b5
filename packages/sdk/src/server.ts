/**
 * @storewise/sdk/server: what only the shop's server may run. Kept out of the main entry, which pages
 * import, so that a bundler never puts the signing code (and with it the habit of a secret) in a browser.
 */
export { type CustomerTokenOptions, signCustomerToken } from './customer-token.js';
