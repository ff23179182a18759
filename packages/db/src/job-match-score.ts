/**
 * jobs.match_score written by the ai Worker's analysis (core owns the rest of the row).
 * Kept apart from jobs.ts so the content columns' updated_at is untouched: a new score is not
 * a content change (the search index keys on updated_at).
 */
import { num, type Row } from './sql';

/** Sets the score of the user's own job (0–100); false when the job is not theirs or missing. */
export async function setMatchScore(db: D1Database, userId: string, jobId: string, score: number): Promise<boolean> {
  const row = await db
    .prepare('UPDATE jobs SET match_score = ?3 WHERE id = ?1 AND user_id = ?2 RETURNING match_score')
    .bind(jobId, userId, score)
    .first<Row>();
  return row !== null && num(row.match_score) === score;
}
