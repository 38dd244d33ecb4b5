export { UserError } from './errors.js';
export { type CliIo, processIo } from './io.js';
export { main } from './main.js';
