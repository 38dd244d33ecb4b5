/** `storewise customer delete`: a customer's erasure, as the gateway's deleteCustomer does it. */
import type { Command } from 'commander';
import { withDatabase } from '../database.js';
import type { CliIo } from '../io.js';
import { count } from '../render.js';
import { DB_HELP } from './segment.js';

export function registerCustomerCommands(program: Command, io: CliIo): void {
  const customer = program.command('customer').description("a customer's data: erasure");
  customer
    .command('delete')
    .description(
      'remove a customer and everything derived from them (events, scores, segment memberships and history, campaign assignments), in one transaction',
    )
    .argument('<customerId>', "the shop's customer id")
    .option('--db <database>', DB_HELP)
    .option('--json', 'print the rows removed per table as JSON')
    .action(async (customerId: string, opts: { db?: string; json?: boolean }) => {
      await withDatabase(opts.db, io, async (storage) => {
        const report = await storage.deleteCustomer(customerId);
        const total = Object.values(report).reduce((s, n) => s + n, 0);
        if (opts.json) {
          io.stdout.write(
            `${JSON.stringify({ customerId, found: report.customer > 0, total, tables: report })}\n`,
          );
          return;
        }
        if (report.customer === 0) {
          io.stdout.write(`no customer "${customerId}" in the database: nothing removed\n`);
          return;
        }
        const rows = Object.entries(report)
          .filter(([, n]) => n > 0)
          .map(([table, n]) => `${table} ${n}`)
          .join(', ');
        io.stdout.write(
          `deleted customer ${customerId}: ${count(total, 'row')} (${rows}). A trained model still holds a row for them until the next training, but serves them as a stranger. Importing a file that holds their rows again brings them back: remove them from your exports. Rejected import rows keep their raw text (storewise rejects lists them; --clear deletes them).\n`,
        );
      });
    });
}
