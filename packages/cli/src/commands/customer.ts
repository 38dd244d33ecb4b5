/**
 * `storewise customer export|delete|restore`: a customer's data export (customerDataExport in the gateway),
 * their erasure, as the gateway's deleteCustomer does it, and lifting it (restoreCustomer).
 */
import { importSpelling, importSpellingRefusal } from '@storewise/engine';
import type { Command } from 'commander';
import { withDatabase } from '../database.js';
import { UserError } from '../errors.js';
import type { CliIo } from '../io.js';
import { count } from '../render.js';
import { exportCustomerCommand } from './customer-export.js';
import { checkCustomerId, DB_HELP } from './segment.js';

const STICKS =
  'Later imports and tracked events leave their rows out (counted as erased) until `storewise customer restore`.';

export function registerCustomerCommands(program: Command, io: CliIo): void {
  const customer = program
    .command('customer')
    .description("a customer's data: its export, its erasure, and lifting it");
  customer
    .command('export')
    .description(
      'write everything the database holds about a customer as JSON (their record, events, scores, segment memberships and history, campaign assignments, the rejected import rows naming them): a GDPR access or portability request',
    )
    .argument('<customerId>', "the shop's customer id")
    .option(
      '--out <file>',
      'write the JSON to this file, not to stdout: created readable by its owner only; an existing file of that name is replaced (as `> file` does)',
    )
    .option('--db <database>', DB_HELP)
    .action((customerId: string, opts: { out?: string; db?: string }) =>
      exportCustomerCommand(customerId, opts, io),
    );
  customer
    .command('delete')
    .description(
      'remove a customer and everything derived from them (events, scores, segment memberships and history, campaign assignments) and the rejected import rows naming them, in one transaction, and keep their rows out of later imports until `customer restore`',
    )
    .argument('<customerId>', "the shop's customer id")
    .option(
      '--as-given',
      'put the id on the erasure list as typed even when the database holds no customer of that id and imports store it otherwise (17850.0 is 17850, " 12347" is 12347): refused otherwise',
    )
    .option('--db <database>', DB_HELP)
    .option('--json', 'print the rows removed per table as JSON')
    .action(async (customerId: string, opts: { asGiven?: boolean; db?: string; json?: boolean }) => {
      checkCustomerId(customerId);
      await withDatabase(opts.db, io, async (storage) => {
        const spelling = opts.asGiven ? null : await importSpelling(storage, customerId);
        if (spelling !== null)
          throw new UserError(
            importSpellingRefusal(
              customerId,
              spelling,
              '--as-given',
              `storewise customer delete ${spelling.imported}`,
            ),
          );
        const report = await storage.deleteCustomer(customerId);
        const total = Object.values(report).reduce((s, n) => s + n, 0);
        if (opts.json) {
          io.stdout.write(
            `${JSON.stringify({ customerId, found: report.customer > 0, erased: true, total, tables: report })}\n`,
          );
          return;
        }
        if (total === 0) {
          // Erased all the same: a file imported later that names them leaves their rows out.
          io.stdout.write(
            `no customer "${customerId}" in the database: no rows removed, but the id was added to the erasure list (as for a deleted customer). ${STICKS}\n`,
          );
          return;
        }
        const rows = Object.entries(report)
          .filter(([, n]) => n > 0)
          .map(([table, n]) => `${table} ${n}`)
          .join(', ');
        io.stdout.write(
          `deleted customer ${customerId}: ${count(total, 'row')} (${rows}). ${STICKS} ${report.customer > 0 ? 'A trained model still holds a row for them until the next training, but serves them as a stranger. ' : ''}Rejected import rows whose customer field could not be read name no customer and keep their raw text (storewise rejects lists them; --clear deletes them).\n`,
        );
      });
    });
  customer
    .command('restore')
    .description(
      'take a deleted customer off the erasure list: their events and records are stored again from then on (what was left out meanwhile is not brought back; import it again)',
    )
    .argument('<customerId>', "the shop's customer id")
    .option('--db <database>', DB_HELP)
    .option('--json', 'print whether they were on the list as JSON')
    .action(async (customerId: string, opts: { db?: string; json?: boolean }) => {
      checkCustomerId(customerId);
      await withDatabase(opts.db, io, async (storage) => {
        const restored = await storage.restoreCustomer(customerId);
        if (opts.json) {
          io.stdout.write(`${JSON.stringify({ customerId, restored })}\n`);
          return;
        }
        io.stdout.write(
          restored
            ? `restored customer ${customerId}: their events and records are stored again from now on\n`
            : `customer "${customerId}" is not on the erasure list: nothing to restore\n`,
        );
      });
    });
}
