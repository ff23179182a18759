/**
 * SQL for resumes. `resume_documents` holds the frontend's structured resumes (/api/resume and
 * the `resumes` of /api/profile/complete): a master and tailored variants with JSON sections.
 * `resumes` holds metadata of uploaded resume files in R2 (the files belong to the files
 * routes). Every query is scoped by user_id.
 */
import { ensureUserStatement, type UserIdentity } from './users';
import { newId, nowIso, num, parseJsonColumn, str, toBool, type Row } from './sql';

export const RESUME_TYPES = ['master', 'tailored'] as const;
export type ResumeType = (typeof RESUME_TYPES)[number];
export const RESUME_FORMATS = ['pdf', 'docx', 'txt'] as const;
export type ResumeFormat = (typeof RESUME_FORMATS)[number];

/** A structured resume, snake_case as stored; `sections` and `formats` parsed. */
export interface Resume {
  id: string;
  user_id: string;
  type: ResumeType;
  title: string;
  sections: Record<string, unknown>;
  formats: ResumeFormat[];
  created_at: string;
  updated_at: string;
}

const COLUMNS = 'id, user_id, type, title, sections, formats, created_at, updated_at';

export function rowToResume(row: Row): Resume {
  const sections = parseJsonColumn<unknown>(row.sections, {});
  const formats = parseJsonColumn<unknown>(row.formats, []);
  return {
    id: String(row.id),
    user_id: String(row.user_id),
    type: String(row.type) as ResumeType,
    title: String(row.title),
    sections: sections && typeof sections === 'object' && !Array.isArray(sections) ? (sections as Record<string, unknown>) : {},
    formats: Array.isArray(formats) ? (formats as ResumeFormat[]) : [],
    created_at: String(row.created_at),
    updated_at: String(row.updated_at),
  };
}

/** The user's resumes, master first, then newest first (shared with the /complete batch). */
export function listResumesStatement(db: D1Database, userId: string): D1PreparedStatement {
  return db
    .prepare(
      `SELECT ${COLUMNS} FROM resume_documents WHERE user_id = ?1
       ORDER BY type = 'master' DESC, created_at DESC, rowid DESC LIMIT 200`,
    )
    .bind(userId);
}

export async function listResumes(db: D1Database, userId: string): Promise<Resume[]> {
  const { results } = await listResumesStatement(db, userId).all<Row>();
  return results.map(rowToResume);
}

export interface ResumeInput {
  type: ResumeType;
  title: string;
  sections: Record<string, unknown>;
  formats: ResumeFormat[];
}

export async function createResume(db: D1Database, user: UserIdentity, input: ResumeInput): Promise<Resume> {
  const now = nowIso();
  const [, inserted] = await db.batch([
    ensureUserStatement(db, user),
    db
      .prepare(
        `INSERT INTO resume_documents (id, user_id, type, title, sections, formats, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7) RETURNING ${COLUMNS}`,
      )
      .bind(newId(), user.userId, input.type, input.title, JSON.stringify(input.sections), JSON.stringify(input.formats), now),
  ]);
  return rowToResume(((inserted?.results ?? []) as Row[])[0]!);
}

/** Applies the given fields to the user's own resume; null when it is not theirs or missing. */
export async function updateResume(db: D1Database, userId: string, id: string, patch: Partial<ResumeInput>): Promise<Resume | null> {
  const sets: string[] = [];
  const params: unknown[] = [id, userId];
  const set = (column: string, value: unknown) => {
    params.push(value);
    sets.push(`${column} = ?${params.length}`);
  };
  if (patch.type !== undefined) set('type', patch.type);
  if (patch.title !== undefined) set('title', patch.title);
  if (patch.sections !== undefined) set('sections', JSON.stringify(patch.sections));
  if (patch.formats !== undefined) set('formats', JSON.stringify(patch.formats));
  set('updated_at', nowIso());
  const row = await db
    .prepare(`UPDATE resume_documents SET ${sets.join(', ')} WHERE id = ?1 AND user_id = ?2 RETURNING ${COLUMNS}`)
    .bind(...params)
    .first<Row>();
  return row ? rowToResume(row) : null;
}

export async function deleteResume(db: D1Database, userId: string, id: string): Promise<boolean> {
  const result = await db.prepare('DELETE FROM resume_documents WHERE id = ?1 AND user_id = ?2').bind(id, userId).run();
  return result.meta.changes > 0;
}

// ---- uploaded resume files (metadata) ----

export interface ResumeFile {
  id: string;
  file_key: string;
  title: string | null;
  file_name: string | null;
  mime_type: string | null;
  size_bytes: number | null;
  parsed_data: Record<string, unknown> | null;
  is_primary: boolean;
  created_at: string;
  updated_at: string;
}

const FILE_COLUMNS = 'id, file_key, title, file_name, mime_type, size_bytes, parsed_data, is_primary, created_at, updated_at';

export function rowToResumeFile(row: Row): ResumeFile {
  return {
    id: String(row.id),
    file_key: String(row.file_key),
    title: str(row.title),
    file_name: str(row.file_name),
    mime_type: str(row.mime_type),
    size_bytes: num(row.size_bytes),
    parsed_data: parseJsonColumn<Record<string, unknown> | null>(row.parsed_data, null),
    is_primary: toBool(row.is_primary),
    created_at: String(row.created_at),
    updated_at: String(row.updated_at),
  };
}

/** The user's uploaded resume files, primary first, then newest first. */
export async function listResumeFiles(db: D1Database, userId: string): Promise<ResumeFile[]> {
  const { results } = await db
    .prepare(`SELECT ${FILE_COLUMNS} FROM resumes WHERE user_id = ?1 ORDER BY is_primary DESC, created_at DESC, rowid DESC`)
    .bind(userId)
    .all<Row>();
  return results.map(rowToResumeFile);
}
