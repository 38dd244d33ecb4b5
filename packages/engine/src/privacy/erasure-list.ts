/**
 * The erasure list as a file, to carry it to another database (a move from the embedded store to
 * PostgreSQL): the stored hashes, not ids, since the store keeps no more (erasure.ts in @storewise/storage).
 * A CSV file, `id_hash,erased_at,held` then one line per entry: the SHA-256 of the id (64 lower-case hex
 * digits), when it was put on the list (ISO 8601), and whether the store held the customer then (true/false).
 * It is personal data of those erased: a guessable id is found again by hashing candidates.
 */
import { type ErasureEntry, erasureHash, type Storage } from '@storewise/storage';

export const ERASURE_LIST_HEADER = 'id_hash,erased_at,held';

/** A malformed erasure-list file: `line` (1 = the header) and `field` say where. */
export class ErasureListError extends Error {
  override readonly name = 'ErasureListError';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly field: string | null,
    problem: string,
  ) {
    super(`${file}:${line}: ${field === null ? '' : `${field}: `}${problem}`);
  }
}

/** The store cannot list or take erasure-list entries (a contributor's adapter without them). */
export class ErasureListUnsupportedError extends Error {
  override readonly name = 'ErasureListUnsupportedError';
}

/** The entries as the file's text. */
export function formatErasureList(entries: readonly ErasureEntry[]): string {
  const lines = entries.map((e) => `${e.idHash},${e.erasedAt.toISOString()},${e.held}`);
  return `${[ERASURE_LIST_HEADER, ...lines].join('\n')}\n`;
}

/** Reads the file's text (`file` names it in errors); refuses anything malformed with ErasureListError. */
export function parseErasureList(text: string, file: string): ErasureEntry[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  if (lines[0] !== ERASURE_LIST_HEADER)
    throw new ErasureListError(
      file,
      1,
      null,
      `the header must be "${ERASURE_LIST_HEADER}" (a file of storewise privacy erasures export), got "${(lines[0] ?? '').slice(0, 80)}"`,
    );
  const seen = new Map<string, number>();
  const entries: ErasureEntry[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = i + 1;
    const fields = lines[i]!.split(',');
    if (fields.length !== 3)
      throw new ErasureListError(
        file,
        line,
        null,
        `expected 3 fields (${ERASURE_LIST_HEADER}), got ${fields.length}`,
      );
    const [idHash, at, held] = fields as [string, string, string];
    if (!/^[0-9a-f]{64}$/.test(idHash))
      throw new ErasureListError(
        file,
        line,
        'id_hash',
        `must be 64 lower-case hex digits (a SHA-256), got "${idHash.slice(0, 80)}"`,
      );
    const erasedAt = new Date(at);
    if (!/^\d{4}-\d\d-\d\dT/.test(at) || Number.isNaN(erasedAt.getTime()))
      throw new ErasureListError(
        file,
        line,
        'erased_at',
        `must be an ISO 8601 time such as 2026-01-31T12:00:00.000Z, got "${at.slice(0, 80)}"`,
      );
    if (held !== 'true' && held !== 'false')
      throw new ErasureListError(file, line, 'held', `must be true or false, got "${held.slice(0, 80)}"`);
    const first = seen.get(idHash);
    if (first !== undefined)
      throw new ErasureListError(file, line, 'id_hash', `repeats the hash of line ${first}`);
    seen.set(idHash, line);
    entries.push({ idHash, erasedAt, held: held === 'true' });
  }
  return entries;
}

/** The store's erasure list; ErasureListUnsupportedError from an adapter that cannot list it. */
export async function exportErasureList(storage: Storage): Promise<ErasureEntry[]> {
  if (!storage.listErasures)
    throw new ErasureListUnsupportedError(
      `this ${storage.kind} store cannot list its erasure list (no listErasures)`,
    );
  return storage.listErasures();
}

export interface ErasureListImport {
  /** Entries in the file. */
  entries: number;
  /** Of them, those not on the list before. */
  added: number;
  /** Customers the store held whose id is on the file's list: erased now (their rows removed). */
  erasedNow: number;
  /** Rows removed with them, all tables together. */
  rowsRemoved: number;
}

/**
 * Puts the entries on the store's erasure list in one transaction, and erases (deleteCustomer) the customers
 * it holds whose id hashes to one of them: records or rejects imported before the list was carried over.
 */
export async function importErasureList(
  storage: Storage,
  entries: readonly ErasureEntry[],
): Promise<ErasureListImport> {
  if (!storage.addErasures)
    throw new ErasureListUnsupportedError(
      `this ${storage.kind} store cannot take erasure-list entries (no addErasures)`,
    );
  const hashes = new Set(entries.map((e) => e.idHash));
  return storage.transaction(async (tx) => {
    const added = await tx.addErasures!(entries);
    // Ids held under a listed hash: customers, and rejects naming a customer without a record.
    const held = new Set<string>();
    for await (const batch of tx.scanCustomers({ batchSize: 10_000 }))
      for (const c of batch) if (hashes.has(erasureHash(c.externalId))) held.add(c.externalId);
    for await (const batch of tx.scanRejects({ batchSize: 10_000 }))
      for (const r of batch)
        if (r.customerId != null && hashes.has(erasureHash(r.customerId))) held.add(r.customerId);
    let rowsRemoved = 0;
    for (const id of held) {
      const report = await tx.deleteCustomer(id);
      rowsRemoved += Object.values(report).reduce((sum, n) => sum + n, 0);
    }
    return { entries: entries.length, added, erasedNow: held.size, rowsRemoved };
  });
}
