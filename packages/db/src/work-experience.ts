/** SQL for work_experience. Every query is scoped by user_id; writes bump profile_version. */
import { bumpProfileVersionStatement } from './profile-version';
import { fromBool, newId, nowIso, parseJsonColumn, str, toBool, type Row } from './sql';
import { ensureUserStatement, type UserIdentity } from './users';

/** A work experience entry as the API returns it. */
export interface WorkExperience {
  id: string;
  title: string;
  company: string;
  location: string | null;
  employment_type: string | null;
  start_date: string;
  end_date: string | null;
  is_current: boolean;
  description: string | null;
  accomplishments: string[];
  created_at: string;
  updated_at: string;
}

/** Every writable field (POST sends them; PATCH is merged onto the stored row first). */
export interface WorkExperienceInput {
  title: string;
  company: string;
  location: string | null;
  employment_type: string | null;
  start_date: string;
  end_date: string | null;
  is_current: boolean;
  description: string | null;
  accomplishments: string[];
}

const COLUMNS = `id, title, company, location, employment_type, start_date, end_date, is_current, description,
  accomplishments, created_at, updated_at`;

export function rowToWorkExperience(row: Row): WorkExperience {
  return {
    id: String(row.id),
    title: String(row.title),
    company: String(row.company),
    location: str(row.location),
    employment_type: str(row.employment_type),
    start_date: String(row.start_date),
    end_date: str(row.end_date),
    is_current: toBool(row.is_current),
    description: str(row.description),
    accomplishments: parseJsonColumn<string[]>(row.accomplishments, []),
    created_at: String(row.created_at),
    updated_at: String(row.updated_at),
  };
}

/** The user's entries, newest first (shared with the /complete batch). */
export function listWorkExperienceStatement(db: D1Database, userId: string): D1PreparedStatement {
  return db
    .prepare(`SELECT ${COLUMNS} FROM work_experience WHERE user_id = ?1 ORDER BY start_date DESC, created_at DESC, rowid DESC`)
    .bind(userId);
}

export async function listWorkExperience(db: D1Database, userId: string): Promise<WorkExperience[]> {
  const { results } = await listWorkExperienceStatement(db, userId).all<Row>();
  return results.map(rowToWorkExperience);
}

export async function getWorkExperience(db: D1Database, userId: string, id: string): Promise<WorkExperience | null> {
  const row = await db.prepare(`SELECT ${COLUMNS} FROM work_experience WHERE id = ?1 AND user_id = ?2`).bind(id, userId).first<Row>();
  return row ? rowToWorkExperience(row) : null;
}

const values = (e: WorkExperienceInput) => [
  e.title,
  e.company,
  e.location,
  e.employment_type,
  e.start_date,
  e.end_date,
  fromBool(e.is_current),
  e.description,
  JSON.stringify(e.accomplishments),
];

/** Inserts the entry, provisioning the user row and bumping profile_version in one batch. */
export async function createWorkExperience(db: D1Database, user: UserIdentity, entry: WorkExperienceInput): Promise<WorkExperience> {
  const [, inserted] = await db.batch([
    ensureUserStatement(db, user),
    db
      .prepare(
        `INSERT INTO work_experience (id, user_id, title, company, location, employment_type, start_date, end_date,
           is_current, description, accomplishments, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12) RETURNING ${COLUMNS}`,
      )
      .bind(newId(), user.userId, ...values(entry), nowIso()),
    bumpProfileVersionStatement(db, user.userId),
  ]);
  return rowToWorkExperience((inserted!.results as Row[])[0]!);
}

/** Replaces every writable field of the user's own entry; null when it is not theirs. */
export async function updateWorkExperience(
  db: D1Database,
  userId: string,
  id: string,
  entry: WorkExperienceInput,
): Promise<WorkExperience | null> {
  const [, updated] = await db.batch([
    bumpProfileVersionStatement(db, userId, { table: 'work_experience', id }),
    db
      .prepare(
        `UPDATE work_experience SET title = ?3, company = ?4, location = ?5, employment_type = ?6, start_date = ?7,
           end_date = ?8, is_current = ?9, description = ?10, accomplishments = ?11, updated_at = ?12
         WHERE id = ?1 AND user_id = ?2 RETURNING ${COLUMNS}`,
      )
      .bind(id, userId, ...values(entry), nowIso()),
  ]);
  const row = (updated!.results as Row[])[0];
  return row ? rowToWorkExperience(row) : null;
}

/** Deletes the user's own entry (the version bump runs first, while the row still exists). */
export async function deleteWorkExperience(db: D1Database, userId: string, id: string): Promise<boolean> {
  const [, deleted] = await db.batch([
    bumpProfileVersionStatement(db, userId, { table: 'work_experience', id }),
    db.prepare('DELETE FROM work_experience WHERE id = ?1 AND user_id = ?2').bind(id, userId),
  ]);
  return (deleted?.meta.changes ?? 0) > 0;
}
