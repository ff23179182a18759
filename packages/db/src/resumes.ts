/**
 * SQL for resumes (metadata of resume files in R2; the files themselves belong to the files
 * routes). Read here for /api/profile/complete. Every query is scoped by user_id.
 */
import { num, parseJsonColumn, str, toBool, type Row } from './sql';

export interface Resume {
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

const COLUMNS = 'id, file_key, title, file_name, mime_type, size_bytes, parsed_data, is_primary, created_at, updated_at';

export function rowToResume(row: Row): Resume {
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

/** The user's resumes, primary first, then newest first (shared with the /complete batch). */
export function listResumesStatement(db: D1Database, userId: string): D1PreparedStatement {
  return db
    .prepare(`SELECT ${COLUMNS} FROM resumes WHERE user_id = ?1 ORDER BY is_primary DESC, created_at DESC, rowid DESC`)
    .bind(userId);
}

export async function listResumes(db: D1Database, userId: string): Promise<Resume[]> {
  const { results } = await listResumesStatement(db, userId).all<Row>();
  return results.map(rowToResume);
}
