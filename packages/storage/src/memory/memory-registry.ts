/**
 * The memory adapter's registries: model artifacts, import rejects and API keys. Writes are synchronous
 * functions of the state that record their undo actions; the adapter runs them under its write lock.
 */

import { apiKeyExists, unknownModelVersion } from '../storage-errors.js';
import type {
  ApiKeyInput,
  ApiKeyRecord,
  ImportReject,
  ModelArtifact,
  ModelArtifactInfo,
  ModelArtifactInput,
  PruneOptions,
  RecordRejectsResult,
} from '../types.js';
import { checkKeep } from '../validate.js';
import { copy } from './copy.js';
import type { MemoryState } from './state.js';

export function saveModel(s: MemoryState, artifact: ModelArtifactInput): ModelArtifactInfo {
  const same = s.models.filter((m) => m.name === artifact.name);
  const activate = artifact.activate ?? true;
  if (activate) for (const m of same) s.patch(m, { active: false });
  const record: ModelArtifact = {
    name: artifact.name,
    version: Math.max(0, ...same.map((m) => m.version)) + 1,
    kind: artifact.kind,
    params: structuredClone(artifact.params),
    metrics: structuredClone(artifact.metrics),
    bytes: artifact.bytes.slice(),
    createdAt: new Date(),
    active: activate,
    sizeBytes: artifact.bytes.byteLength,
  };
  s.models.push(record);
  s.onUndo(() => s.models.splice(s.models.indexOf(record), 1));
  const { bytes: _bytes, ...info } = record;
  return copy(info);
}

export function loadModel(s: MemoryState, name: string, version?: number): ModelArtifact | null {
  const m = s.models.find(
    (x) => x.name === name && (version === undefined ? x.active : x.version === version),
  );
  return m ? copy(m) : null;
}

export function listModels(s: MemoryState): ModelArtifactInfo[] {
  return [...s.models]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.version - b.version))
    .map(({ bytes: _bytes, ...info }) => copy(info));
}

export function activateModel(s: MemoryState, name: string, version: number): void {
  const same = s.models.filter((m) => m.name === name);
  if (!same.some((m) => m.version === version)) {
    throw unknownModelVersion(name, version);
  }
  for (const m of same) s.patch(m, { active: m.version === version });
}

export function pruneModels(
  s: MemoryState,
  name: string,
  keep: number,
  options: PruneOptions = {},
): ModelArtifactInfo[] {
  checkKeep(keep);
  const same = s.models.filter((m) => m.name === name).sort((a, b) => b.version - a.version);
  const cutoff = options.trainedBefore?.getTime();
  // Older than the newest `keep`, or (not the newest itself) trained before the instant; never the active one.
  const pruned = same.filter(
    (m, i) => !m.active && (i >= keep || (cutoff !== undefined && i > 0 && m.createdAt.getTime() < cutoff)),
  );
  if (pruned.length === 0) return [];
  const before = [...s.models];
  s.models.splice(0, s.models.length, ...s.models.filter((m) => !pruned.includes(m)));
  s.onUndo(() => s.models.splice(0, s.models.length, ...before));
  return pruned.reverse().map(({ bytes: _bytes, ...info }) => copy(info));
}

/**
 * Stores the rejects but those naming a customer in `erased` (the ones of the erasure list they name, as
 * SQL's recordRejects leaves out).
 */
export function recordRejects(
  s: MemoryState,
  rejects: readonly ImportReject[],
  erased: ReadonlySet<string>,
): RecordRejectsResult {
  let recorded = 0;
  for (const r of rejects) {
    if (r.customerId != null && erased.has(r.customerId)) continue;
    const key = JSON.stringify([r.source, r.line, r.field]);
    if (s.rejectKeys.has(key)) continue;
    s.rejectKeys.add(key);
    s.rejects.push({ ...r, customerId: r.customerId ?? null });
    recorded++;
    s.onUndo(() => {
      s.rejectKeys.delete(key);
      s.rejects.pop();
    });
  }
  return { recorded, erased: [...erased] };
}

/** Deletes the kept rejects of `source`, or all of them; returns how many. */
export function deleteRejects(s: MemoryState, source: string | undefined): number {
  return removeRejects(s, (r) => source === undefined || r.source === source);
}

/** Deletes the kept rejects naming `customerId` (deleteCustomer); returns how many. */
export function forgetCustomerRejects(s: MemoryState, customerId: string): number {
  return removeRejects(s, (r) => r.customerId === customerId);
}

function removeRejects(s: MemoryState, removed: (r: ImportReject) => boolean): number {
  const all = s.rejects.slice();
  const keep = all.filter((r) => !removed(r));
  if (keep.length === all.length) return 0;
  const keys = new Set(s.rejectKeys);
  s.rejects.length = 0;
  for (const r of keep) s.rejects.push(r);
  s.rejectKeys.clear();
  for (const r of keep) s.rejectKeys.add(JSON.stringify([r.source, r.line, r.field]));
  s.onUndo(() => {
    s.rejects.length = 0;
    for (const r of all) s.rejects.push(r);
    s.rejectKeys.clear();
    for (const k of keys) s.rejectKeys.add(k);
  });
  return all.length - keep.length;
}

export function createApiKey(s: MemoryState, key: ApiKeyInput): ApiKeyRecord {
  if (s.apiKeys.has(key.keyId)) throw apiKeyExists(key.keyId);
  const record: ApiKeyRecord = {
    keyId: key.keyId,
    secretHash: key.secretHash,
    scopes: [...key.scopes],
    label: key.label ?? null,
    createdAt: new Date(),
    revokedAt: null,
    lastUsedAt: null,
  };
  s.apiKeys.set(key.keyId, record);
  s.onUndo(() => s.apiKeys.delete(key.keyId));
  return copy(record);
}

export function getApiKey(s: MemoryState, keyId: string): ApiKeyRecord | null {
  const k = s.apiKeys.get(keyId);
  return k ? copy(k) : null;
}

export function listApiKeys(s: MemoryState): ApiKeyRecord[] {
  return [...s.apiKeys.values()]
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.keyId < b.keyId ? -1 : 1))
    .map(copy);
}

export function revokeApiKey(s: MemoryState, keyId: string, at: Date): boolean {
  const k = s.apiKeys.get(keyId);
  if (!k || k.revokedAt !== null) return false;
  s.patch(k, { revokedAt: at });
  return true;
}

export function touchApiKey(s: MemoryState, keyId: string, at: Date): void {
  const k = s.apiKeys.get(keyId);
  if (k) s.patch(k, { lastUsedAt: at });
}
