/**
 * Model artifacts: versioned bytes with parameters and metrics; one active version per name. The bytes are
 * stored in parts (model_artifact_parts), one statement per part, so that no driver holds more than a
 * part's hex text at a time, and read in slices of a part (ARTIFACT_READ_BYTES).
 */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { unknownModelVersion } from '../storage-errors.js';
import type { ModelArtifact, ModelArtifactInfo, ModelArtifactInput, PruneOptions } from '../types.js';
import { checkKeep, unstorableText, validateModel } from '../validate.js';
import { type Db, query } from './db.js';
import { modelArtifactParts, modelArtifacts } from './schema.js';

/**
 * The largest part of an artifact's bytes: 2 MB of hex text per statement, which the driver builds on the
 * calling thread. Parts of 16 MB held a training gateway's event loop for hundreds of milliseconds each
 * while it stored an EASE model (an operator measured stalls up to about 1 s); parts of 1 MB, with a turn
 * of the event loop between them, hold it for a few (`pnpm bench model-load`). Parts stored larger by an
 * earlier version are read as they are.
 */
export const ARTIFACT_PART_BYTES = 1 << 20;

/**
 * The bytes read by one statement. The drivers hand bytea over as hex text, decoded on the calling
 * thread: a whole 16 MB part held a serving gateway's event loop for 100-350 ms, and an EASE model of 57
 * MB for 1.4 s in all. A slice of 1 MB holds it for a few milliseconds, and requests are answered
 * between slices. The parts are stored out of line uncompressed (STORAGE EXTERNAL, migration 0008), so
 * PostgreSQL reads only a slice's pages.
 */
const ARTIFACT_READ_BYTES = 1 << 20;

/** What describes a stored artifact, without its bytes. */
const INFO_COLUMNS = {
  name: modelArtifacts.name,
  version: modelArtifacts.version,
  kind: modelArtifacts.kind,
  params: modelArtifacts.params,
  metrics: modelArtifacts.metrics,
  createdAt: modelArtifacts.createdAt,
  active: modelArtifacts.active,
  sizeBytes: modelArtifacts.sizeBytes,
};

export async function saveModel(db: Db, artifact: ModelArtifactInput): Promise<ModelArtifactInfo> {
  validateModel(artifact);
  return db.transaction(async (tx) => {
    // Serialize version numbering per name (concurrent trainers of one model take turns).
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`storewise.model.${artifact.name}`}))`);
    const [last] = await tx
      .select({ version: modelArtifacts.version })
      .from(modelArtifacts)
      .where(eq(modelArtifacts.name, artifact.name))
      .orderBy(desc(modelArtifacts.version))
      .limit(1);
    const activate = artifact.activate ?? true;
    if (activate) {
      await tx.update(modelArtifacts).set({ active: false }).where(eq(modelArtifacts.name, artifact.name));
    }
    const { bytes } = artifact;
    const [row] = await tx
      .insert(modelArtifacts)
      .values({
        name: artifact.name,
        version: (last?.version ?? 0) + 1,
        kind: artifact.kind,
        params: artifact.params,
        metrics: artifact.metrics,
        sizeBytes: bytes.byteLength,
        active: activate,
      })
      .returning({ id: modelArtifacts.id, ...INFO_COLUMNS });
    const { id, ...info } = row!;
    for (let part = 0; part * ARTIFACT_PART_BYTES < bytes.byteLength || part === 0; part++) {
      const start = part * ARTIFACT_PART_BYTES;
      await tx.insert(modelArtifactParts).values({
        artifactId: id,
        part,
        bytes: bytes.subarray(start, Math.min(start + ARTIFACT_PART_BYTES, bytes.byteLength)),
      });
      // Requests are answered between parts (PGlite answers in promise jobs alone: without a turn, its
      // whole write held the loop as one piece).
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return info;
  });
}

export async function loadModel(db: Db, name: string, version?: number): Promise<ModelArtifact | null> {
  if (unstorableText(name)) return null;
  const [row] = await db
    .select({ id: modelArtifacts.id, ...INFO_COLUMNS })
    .from(modelArtifacts)
    .where(
      and(
        eq(modelArtifacts.name, name),
        version === undefined ? eq(modelArtifacts.active, true) : eq(modelArtifacts.version, version),
      ),
    );
  if (!row) return null;
  const { id, ...info } = row;
  // The parts' lengths first, then each part on its own into the one array (a part written by an older
  // version may be longer than ARTIFACT_PART_BYTES: the migration made each stored artifact one part).
  const parts = await db
    .select({
      part: modelArtifactParts.part,
      length: sql<number>`octet_length(${modelArtifactParts.bytes})::int`,
    })
    .from(modelArtifactParts)
    .where(eq(modelArtifactParts.artifactId, id))
    .orderBy(asc(modelArtifactParts.part));
  const bytes = new Uint8Array(info.sizeBytes);
  let at = 0;
  for (const { part, length } of parts) {
    if (at + length > bytes.byteLength)
      throw new Error(`model "${name}" v${info.version}: its stored bytes changed while being read`);
    for (let from = 0; from < length; from += ARTIFACT_READ_BYTES) {
      const size = Math.min(ARTIFACT_READ_BYTES, length - from);
      const [stored] = await db
        .select({
          bytes: sql<Uint8Array>`substring(${modelArtifactParts.bytes} from ${from + 1} for ${size})`.mapWith(
            modelArtifactParts.bytes,
          ),
        })
        .from(modelArtifactParts)
        .where(and(eq(modelArtifactParts.artifactId, id), eq(modelArtifactParts.part, part)));
      if (!stored || stored.bytes.byteLength !== size)
        throw new Error(`model "${name}" v${info.version}: its stored bytes changed while being read`);
      bytes.set(stored.bytes, at);
      at += size;
      // PGlite answers on this thread in promise jobs alone: without a turn of the event loop between
      // slices, its whole read held the loop (700 ms for 57 MB) as one piece.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  if (at !== bytes.byteLength)
    throw new Error(`model "${name}" v${info.version}: ${at} of its ${bytes.byteLength} bytes are stored`);
  return { ...info, bytes };
}

export async function listModels(db: Db): Promise<ModelArtifactInfo[]> {
  const rows = await db
    .select(INFO_COLUMNS)
    .from(modelArtifacts)
    .orderBy(asc(modelArtifacts.name), asc(modelArtifacts.version));
  return rows;
}

export async function pruneModels(
  db: Db,
  name: string,
  keep: number,
  options: PruneOptions = {},
): Promise<ModelArtifactInfo[]> {
  checkKeep(keep);
  if (unstorableText(name)) return [];
  const before = options.trainedBefore;
  // Trained before the instant, but never the newest version (its number would be given again).
  const trainedBefore =
    before === undefined
      ? sql`false`
      : sql`(created_at < ${before.toISOString()}::timestamptz
          AND version < (SELECT max(version) FROM model_artifacts WHERE name = ${name}))`;
  // The parts go with their artifact (ON DELETE CASCADE).
  const rows = await query<{
    name: string;
    version: number;
    kind: string;
    params: Record<string, unknown>;
    metrics: Record<string, unknown>;
    created_at: string | Date;
    active: boolean;
    size_bytes: string | number;
  }>(
    db,
    sql`DELETE FROM model_artifacts WHERE name = ${name} AND NOT active AND (version NOT IN
        (SELECT version FROM model_artifacts WHERE name = ${name} ORDER BY version DESC LIMIT ${keep})
        OR ${trainedBefore})
      RETURNING name, version, kind, params, metrics, created_at, active, size_bytes`,
  );
  return rows
    .map((r) => ({
      name: r.name,
      version: Number(r.version),
      kind: r.kind,
      params: r.params,
      metrics: r.metrics,
      createdAt: new Date(r.created_at),
      active: r.active,
      sizeBytes: Number(r.size_bytes),
    }))
    .sort((a, b) => a.version - b.version);
}

export async function activateModel(db: Db, name: string, version: number): Promise<void> {
  return db.transaction(async (tx) => {
    const target = unstorableText(name)
      ? []
      : await tx
          .select({ id: modelArtifacts.id })
          .from(modelArtifacts)
          .where(and(eq(modelArtifacts.name, name), eq(modelArtifacts.version, version)));
    if (target.length === 0) throw unknownModelVersion(name, version);
    await tx
      .update(modelArtifacts)
      .set({ active: sql`${modelArtifacts.version} = ${version}` })
      .where(eq(modelArtifacts.name, name));
  });
}
