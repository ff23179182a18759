/** SQL for the files table (metadata of R2 objects). User-facing reads are scoped by user_id. */
import { ensureUserStatement, type UserIdentity } from './users';
import { newId, nowIso, num, str, type Row } from './sql';
import { NOT_MOVING } from './user-moves';

export const FILE_BUCKETS = ['avatars', 'resumes', 'exports'] as const;
export type FileBucket = (typeof FILE_BUCKETS)[number];

export interface FileRecord {
  id: string;
  key: string;
  bucket: FileBucket;
  content_type: string;
  size: number;
  original_name: string | null;
  created_at: string;
  updated_at: string;
}

const FILE_COLUMNS = 'id, key, bucket, content_type, size, original_name, created_at, updated_at';

export function rowToFile(row: Row): FileRecord {
  return {
    id: String(row.id),
    key: String(row.key),
    bucket: String(row.bucket) as FileBucket,
    content_type: String(row.content_type),
    size: num(row.size) ?? 0,
    original_name: str(row.original_name),
    created_at: String(row.created_at),
    updated_at: String(row.updated_at),
  };
}

export interface NewFile {
  /** The version's row id (the caller names it in the R2 object too); a fresh one when absent. */
  id?: string;
  key: string;
  bucket: FileBucket;
  contentType: string;
  size: number;
  originalName: string | null;
}

/**
 * Records an uploaded object (provisioning the user row in the same transaction). Uploading
 * to an existing key replaces the metadata and revives a row marked deleted, under a new id:
 * every upload is a new version, so signed links to the previous one stop working.
 */
export async function recordFile(db: D1Database, user: UserIdentity, file: NewFile): Promise<FileRecord> {
  const now = nowIso();
  const [, inserted] = await db.batch([
    ensureUserStatement(db, user),
    db
      .prepare(
        `INSERT INTO files (id, user_id, bucket, key, content_type, size, original_name, created_at, updated_at, verified_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?8)
         ON CONFLICT (bucket, key) DO UPDATE SET
           id = excluded.id, content_type = excluded.content_type, size = excluded.size, original_name = excluded.original_name,
           created_at = excluded.created_at, updated_at = excluded.updated_at, verified_at = excluded.verified_at,
           deleted_at = NULL
         WHERE files.user_id = excluded.user_id
         RETURNING ${FILE_COLUMNS}`,
      )
      .bind(file.id ?? newId(), user.userId, file.bucket, file.key, file.contentType, file.size, file.originalName, now),
  ]);
  const row = (inserted?.results as Row[] | undefined)?.[0];
  // Keys embed the owner's id, so a conflict with another user's row cannot happen; fail loudly if it does.
  if (!row) throw new Error('file key is owned by another user');
  return rowToFile(row);
}

/** The user's live (not deleted) file by key; null when missing, deleted or someone else's. */
export async function getFile(db: D1Database, userId: string, key: string): Promise<FileRecord | null> {
  const row = await db
    .prepare(`SELECT ${FILE_COLUMNS} FROM files WHERE user_id = ?1 AND key = ?2 AND deleted_at IS NULL`)
    .bind(userId, key)
    .first<Row>();
  return row ? rowToFile(row) : null;
}

/** Marks the user's file deleted (downloads stop at once); null when there was nothing to delete. */
export async function markFileDeleted(db: D1Database, userId: string, key: string): Promise<FileRecord | null> {
  const now = nowIso();
  const row = await db
    .prepare(
      `UPDATE files SET deleted_at = ?3, updated_at = ?3
       WHERE user_id = ?1 AND key = ?2 AND deleted_at IS NULL RETURNING ${FILE_COLUMNS}`,
    )
    .bind(userId, key, now)
    .first<Row>();
  return row ? rowToFile(row) : null;
}

/** Removes the metadata row once its object is gone (user-scoped). */
export async function removeFileRow(db: D1Database, userId: string, fileId: string): Promise<void> {
  // Only while still marked deleted: a re-upload to the same key in between revives the row.
  await db.prepare('DELETE FROM files WHERE id = ?1 AND user_id = ?2 AND deleted_at IS NOT NULL').bind(fileId, userId).run();
}

export interface FileListOptions {
  bucket?: FileBucket;
  page: number;
  limit: number;
}

export async function listFiles(db: D1Database, userId: string, o: FileListOptions): Promise<{ items: FileRecord[]; total: number }> {
  const bucketClause = o.bucket ? 'AND bucket = ?2' : 'AND ?2 IS NULL';
  const params = [userId, o.bucket ?? null];
  const [count, rows] = await db.batch([
    db.prepare(`SELECT count(*) AS total FROM files WHERE user_id = ?1 AND deleted_at IS NULL ${bucketClause}`).bind(...params),
    db
      .prepare(
        `SELECT ${FILE_COLUMNS} FROM files WHERE user_id = ?1 AND deleted_at IS NULL ${bucketClause}
         ORDER BY created_at DESC, id LIMIT ?3 OFFSET ?4`,
      )
      .bind(...params, o.limit, (o.page - 1) * o.limit),
  ]);
  return {
    total: Number((count?.results[0] as Row | undefined)?.total ?? 0),
    items: ((rows?.results ?? []) as Row[]).map(rowToFile),
  };
}

// ---- scheduled maintenance (cross-user by design; never reachable from a route) ----

/** D1 allows 100 bound parameters per statement; id lists stay below that. */
export const MAX_IDS_PER_STATEMENT = 90;

export interface StoredObjectRef {
  id: string;
  bucket: FileBucket;
  key: string;
}

const toRef = (row: Row): StoredObjectRef => ({ id: String(row.id), bucket: String(row.bucket) as FileBucket, key: String(row.key) });

/** Rows marked deleted before `before` (their object may still exist if the delete failed). */
export async function listDeletedFiles(db: D1Database, before: string, limit: number): Promise<StoredObjectRef[]> {
  const { results } = await db
    .prepare(
      `SELECT id, bucket, key FROM files WHERE deleted_at IS NOT NULL AND deleted_at < ?1 AND ${NOT_MOVING} ORDER BY deleted_at LIMIT ?2`,
    )
    .bind(before, Math.min(limit, MAX_IDS_PER_STATEMENT))
    .all<Row>();
  return results.map(toRef);
}

/** Live rows whose object was not verified since `before`, least recently verified first. */
export async function listFilesToVerify(db: D1Database, before: string, limit: number): Promise<StoredObjectRef[]> {
  const { results } = await db
    .prepare(
      `SELECT id, bucket, key FROM files
       WHERE deleted_at IS NULL AND (verified_at IS NULL OR verified_at < ?1) AND ${NOT_MOVING}
       ORDER BY verified_at IS NOT NULL, verified_at, created_at LIMIT ?2`,
    )
    .bind(before, Math.min(limit, MAX_IDS_PER_STATEMENT))
    .all<Row>();
  return results.map(toRef);
}

const placeholders = (count: number, offset: number) => Array.from({ length: count }, (_, i) => `?${i + offset}`).join(', ');

function assertIdBatch(ids: string[]): void {
  if (ids.length > MAX_IDS_PER_STATEMENT) throw new Error(`at most ${MAX_IDS_PER_STATEMENT} ids per statement`);
}

/** Deletes rows still marked deleted (a re-upload to the same key revives a row: it stays). */
export async function purgeDeletedFileRows(db: D1Database, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  assertIdBatch(ids);
  const result = await db
    .prepare(`DELETE FROM files WHERE deleted_at IS NOT NULL AND ${NOT_MOVING} AND id IN (${placeholders(ids.length, 1)})`)
    .bind(...ids)
    .run();
  return result.meta.changes;
}

/** Deletes live rows whose object was found missing, unless re-verified (re-uploaded) since `before`. */
export async function purgeMissingFileRows(db: D1Database, ids: string[], before: string): Promise<number> {
  if (ids.length === 0) return 0;
  assertIdBatch(ids);
  const result = await db
    .prepare(
      `DELETE FROM files WHERE (verified_at IS NULL OR verified_at < ?1) AND ${NOT_MOVING} AND id IN (${placeholders(ids.length, 2)})`,
    )
    .bind(before, ...ids)
    .run();
  return result.meta.changes;
}

/** Records that these rows' objects exist as of `at`. */
export async function markFilesVerified(db: D1Database, ids: string[], at: string): Promise<number> {
  if (ids.length === 0) return 0;
  assertIdBatch(ids);
  const result = await db
    .prepare(`UPDATE files SET verified_at = ?1 WHERE ${NOT_MOVING} AND id IN (${placeholders(ids.length, 2)})`)
    .bind(at, ...ids)
    .run();
  return result.meta.changes;
}
