/** SQL for education. Every query is scoped by user_id; writes bump profile_version. */
import { bumpProfileVersionStatement } from './profile-version';
import { newId, nowIso, parseJsonColumn, str, type Row } from './sql';
import { ensureUserStatement, type UserIdentity } from './users';

/**
 * An education entry as the API returns it: column names, snake_case (the input names differ).
 * `description` is the highlights as JSON text — the frontend's useEducation and
 * useCompleteProfile `JSON.parse()` it; `highlights` carries the same list parsed.
 */
export interface Education {
  id: string;
  institution: string;
  degree: string | null;
  field_of_study: string | null;
  start_date: string | null;
  end_date: string | null;
  grade: string | null;
  description: string | null;
  highlights: string[];
  created_at: string;
  updated_at: string;
}

/** Every writable column (the route maps school → institution, field → field_of_study, …). */
export interface EducationInput {
  institution: string;
  degree: string | null;
  field_of_study: string | null;
  start_date: string | null;
  end_date: string | null;
  grade: string | null;
  highlights: string[];
}

const COLUMNS = `id, institution, degree, field_of_study, start_date, end_date, grade, description, highlights,
  created_at, updated_at`;

export function rowToEducation(row: Row): Education {
  const highlights = parseJsonColumn<unknown>(row.highlights, []);
  const list = Array.isArray(highlights) ? highlights.map(String) : [];
  return {
    id: String(row.id),
    institution: String(row.institution),
    degree: str(row.degree),
    field_of_study: str(row.field_of_study),
    start_date: str(row.start_date),
    end_date: str(row.end_date),
    grade: str(row.grade),
    description: JSON.stringify(list),
    highlights: list,
    created_at: String(row.created_at),
    updated_at: String(row.updated_at),
  };
}

/** The user's entries, newest first (undated ones last; shared with the /complete batch). */
export function listEducationStatement(db: D1Database, userId: string): D1PreparedStatement {
  return db
    .prepare(
      `SELECT ${COLUMNS} FROM education WHERE user_id = ?1
       ORDER BY start_date IS NULL, start_date DESC, created_at DESC, rowid DESC`,
    )
    .bind(userId);
}

export async function listEducation(db: D1Database, userId: string): Promise<Education[]> {
  const { results } = await listEducationStatement(db, userId).all<Row>();
  return results.map(rowToEducation);
}

export async function getEducation(db: D1Database, userId: string, id: string): Promise<Education | null> {
  const row = await db.prepare(`SELECT ${COLUMNS} FROM education WHERE id = ?1 AND user_id = ?2`).bind(id, userId).first<Row>();
  return row ? rowToEducation(row) : null;
}

const values = (e: EducationInput) => [
  e.institution,
  e.degree,
  e.field_of_study,
  e.start_date,
  e.end_date,
  e.grade,
  // The description column holds the highlights as JSON text too, so the row is as answered.
  JSON.stringify(e.highlights),
  JSON.stringify(e.highlights),
];

export async function createEducation(db: D1Database, user: UserIdentity, entry: EducationInput): Promise<Education> {
  const [, inserted] = await db.batch([
    ensureUserStatement(db, user),
    db
      .prepare(
        `INSERT INTO education (id, user_id, institution, degree, field_of_study, start_date, end_date, grade,
           description, highlights, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11) RETURNING ${COLUMNS}`,
      )
      .bind(newId(), user.userId, ...values(entry), nowIso()),
    bumpProfileVersionStatement(db, user.userId),
  ]);
  return rowToEducation((inserted!.results as Row[])[0]!);
}

/** Replaces every writable column of the user's own entry; null when it is not theirs. */
export async function updateEducation(db: D1Database, userId: string, id: string, entry: EducationInput): Promise<Education | null> {
  const [, updated] = await db.batch([
    bumpProfileVersionStatement(db, userId, { table: 'education', id }),
    db
      .prepare(
        `UPDATE education SET institution = ?3, degree = ?4, field_of_study = ?5, start_date = ?6, end_date = ?7,
           grade = ?8, description = ?9, highlights = ?10, updated_at = ?11
         WHERE id = ?1 AND user_id = ?2 RETURNING ${COLUMNS}`,
      )
      .bind(id, userId, ...values(entry), nowIso()),
  ]);
  const row = (updated!.results as Row[])[0];
  return row ? rowToEducation(row) : null;
}

export async function deleteEducation(db: D1Database, userId: string, id: string): Promise<boolean> {
  const [, deleted] = await db.batch([
    bumpProfileVersionStatement(db, userId, { table: 'education', id }),
    db.prepare('DELETE FROM education WHERE id = ?1 AND user_id = ?2').bind(id, userId),
  ]);
  return (deleted?.meta.changes ?? 0) > 0;
}
