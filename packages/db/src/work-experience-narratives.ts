/**
 * SQL for work_experience_narratives: one narrative per work experience of the user's own
 * (upserted), removed with the experience. Rows answer in the hook's camelCase shape.
 */
import { newId, nowIso, type Row } from './sql';

export interface Narrative {
  id: string;
  workExperienceId: string;
  userId: string;
  narrative: string;
  createdAt: string;
  updatedAt: string;
}

const COLUMNS = 'id, work_experience_id, user_id, narrative, created_at, updated_at';

function rowToNarrative(row: Row): Narrative {
  return {
    id: String(row.id),
    workExperienceId: String(row.work_experience_id),
    userId: String(row.user_id),
    narrative: String(row.narrative),
    createdAt: String(row.created_at),
    updatedAt: String(row.updated_at),
  };
}

/** Oldest first (the order the experiences were described in). */
export async function listNarratives(db: D1Database, userId: string): Promise<Narrative[]> {
  const { results } = await db
    .prepare(`SELECT ${COLUMNS} FROM work_experience_narratives WHERE user_id = ?1 ORDER BY created_at, rowid LIMIT 500`)
    .bind(userId)
    .all<Row>();
  return results.map(rowToNarrative);
}

/**
 * Creates or replaces the narrative of a work experience. The INSERT selects the experience
 * filtered by the user, so another user's (or a missing) experience writes nothing → null.
 */
export async function upsertNarrative(
  db: D1Database,
  userId: string,
  workExperienceId: string,
  narrative: string,
): Promise<{ narrative: Narrative; created: boolean } | null> {
  const id = newId();
  const row = await db
    .prepare(
      `INSERT INTO work_experience_narratives (id, user_id, work_experience_id, narrative, created_at, updated_at)
       SELECT ?1, ?2, we.id, ?4, ?5, ?5 FROM work_experience we WHERE we.id = ?3 AND we.user_id = ?2
       ON CONFLICT (work_experience_id) DO UPDATE SET narrative = excluded.narrative, updated_at = excluded.updated_at
         WHERE work_experience_narratives.user_id = excluded.user_id
       RETURNING ${COLUMNS}`,
    )
    .bind(id, userId, workExperienceId, narrative, nowIso())
    .first<Row>();
  if (!row) return null;
  const saved = rowToNarrative(row);
  return { narrative: saved, created: saved.id === id };
}

export async function deleteNarrative(db: D1Database, userId: string, id: string): Promise<boolean> {
  const result = await db.prepare('DELETE FROM work_experience_narratives WHERE id = ?1 AND user_id = ?2').bind(id, userId).run();
  return result.meta.changes > 0;
}
