/**
 * Which R2 bucket holds a file, and the version a signed link binds (row id + R2 etag, see
 * signed-url.ts FileVersion). The etag is read from R2 (the put's answer, or a head), so D1
 * keeps no copy that could disagree with the object.
 */
import type { FileBucket, FileRecord } from '@jobmatch/db';
import type { FileVersion } from '@jobmatch/shared-middleware';
import type { CoreEnv } from '../env';

const BUCKET_BINDING: Record<FileBucket, 'AVATARS' | 'RESUMES' | 'EXPORTS'> = {
  avatars: 'AVATARS',
  resumes: 'RESUMES',
  exports: 'EXPORTS',
};
export const bucketOf = (env: CoreEnv, bucket: FileBucket): R2Bucket => env[BUCKET_BINDING[bucket]];

/** The file's current version; null when its object is missing. */
export async function currentVersion(env: CoreEnv, record: FileRecord): Promise<FileVersion | null> {
  const head = await bucketOf(env, record.bucket).head(record.key);
  return head ? { key: record.key, id: record.id, etag: head.etag } : null;
}

/** The R2 custom metadata field naming the files row (version) an object was written for. */
export const VERSION_METADATA = 'fileId';

/**
 * Deletes the object of one version of a file, and only of that one. R2 has no conditional
 * delete, so this reads the object's version first: an object written since by a re-upload to the
 * same key (another row id) is kept. Objects from before versions were recorded carry none and go.
 * What remains is the gap between the head and the delete; the uploader closes it from its side
 * (routes/files.ts: it re-writes its bytes if they vanished while its row is live).
 */
export async function deleteVersionObject(env: CoreEnv, ref: { bucket: FileBucket; key: string; id: string }): Promise<boolean> {
  const r2 = bucketOf(env, ref.bucket);
  const head = await r2.head(ref.key);
  if (!head) return true;
  const owner = head.customMetadata?.[VERSION_METADATA];
  if (owner !== undefined && owner !== ref.id) return false;
  await r2.delete(ref.key);
  return true;
}
