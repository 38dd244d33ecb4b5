/** Model artifacts: versioned bytes with parameters and metrics; one active version per name. */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { ModelArtifact, ModelArtifactInfo, ModelArtifactInput } from '../types.js';
import { StorageInputError, unstorableText, validateModel } from '../validate.js';
import type { Db } from './db.js';
import { modelArtifacts } from './schema.js';

/** What describes a stored artifact, without its bytes. */
const INFO_COLUMNS = {
  name: modelArtifacts.name,
  version: modelArtifacts.version,
  kind: modelArtifacts.kind,
  params: modelArtifacts.params,
  metrics: modelArtifacts.metrics,
  createdAt: modelArtifacts.createdAt,
  active: modelArtifacts.active,
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
    const [row] = await tx
      .insert(modelArtifacts)
      .values({
        name: artifact.name,
        version: (last?.version ?? 0) + 1,
        kind: artifact.kind,
        params: artifact.params,
        metrics: artifact.metrics,
        bytes: artifact.bytes,
        active: activate,
      })
      // Not the bytes: read back, a model's megabytes cost a PGlite process hundreds of MB.
      .returning(INFO_COLUMNS);
    return { ...row!, sizeBytes: artifact.bytes.byteLength };
  });
}

export async function loadModel(db: Db, name: string, version?: number): Promise<ModelArtifact | null> {
  if (unstorableText(name)) return null;
  const [row] = await db
    .select()
    .from(modelArtifacts)
    .where(
      and(
        eq(modelArtifacts.name, name),
        version === undefined ? eq(modelArtifacts.active, true) : eq(modelArtifacts.version, version),
      ),
    );
  if (!row) return null;
  const { id: _id, ...artifact } = row;
  return { ...artifact, sizeBytes: row.bytes.byteLength };
}

export async function listModels(db: Db): Promise<ModelArtifactInfo[]> {
  const rows = await db
    .select({ ...INFO_COLUMNS, sizeBytes: sql<number>`octet_length(${modelArtifacts.bytes})::int` })
    .from(modelArtifacts)
    .orderBy(asc(modelArtifacts.name), asc(modelArtifacts.version));
  return rows;
}

export async function activateModel(db: Db, name: string, version: number): Promise<void> {
  return db.transaction(async (tx) => {
    const target = unstorableText(name)
      ? []
      : await tx
          .select({ id: modelArtifacts.id })
          .from(modelArtifacts)
          .where(and(eq(modelArtifacts.name, name), eq(modelArtifacts.version, version)));
    if (target.length === 0)
      throw new StorageInputError(`model "${name}"`, 'version', `${version} does not exist`);
    await tx
      .update(modelArtifacts)
      .set({ active: sql`${modelArtifacts.version} = ${version}` })
      .where(eq(modelArtifacts.name, name));
  });
}
