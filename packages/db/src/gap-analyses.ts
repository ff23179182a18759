/**
 * SQL for gap_analyses and their clarification questions (gap_analysis_answers). An analysis
 * is always returned with its `answers[]` (one per question, ordered by question_id).
 * Every query is scoped by user_id.
 */
import { newId, nowIso, num, parseJsonColumn, str, type Row } from './sql';
import { ensureUserStatement, type UserIdentity } from './users';

export const URGENCIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'] as const;
export type Urgency = (typeof URGENCIES)[number];

export interface GapAnswer {
  id: string;
  question_id: number;
  priority: Urgency;
  gap_addressed: string | null;
  question: string;
  context: string | null;
  expected_outcome: string | null;
  answer: string | null;
  created_at: string;
  updated_at: string;
}

export interface GapAnalysis {
  id: string;
  gap_count: number;
  red_flag_count: number;
  urgency: Urgency;
  overall_assessment: string | null;
  identified_gaps_and_flags: unknown[];
  next_steps: unknown;
  created_at: string;
  updated_at: string;
  answers: GapAnswer[];
}

export interface GapQuestionInput {
  question_id: number;
  priority: Urgency;
  gap_addressed: string | null;
  question: string;
  context: string | null;
  expected_outcome: string | null;
  answer: string | null;
}

export interface GapAnalysisInput {
  gap_count: number;
  red_flag_count: number;
  urgency: Urgency;
  overall_assessment: string | null;
  identified_gaps_and_flags: unknown[];
  next_steps: unknown;
  questions: GapQuestionInput[];
}

const ANALYSIS_COLUMNS = `id, gap_count, red_flag_count, urgency, overall_assessment, identified_gaps_and_flags,
  next_steps, created_at, updated_at`;
const ANSWER_COLUMNS = `id, gap_analysis_id, question_id, priority, gap_addressed, question, context, expected_outcome,
  answer, created_at, updated_at`;

function rowToAnswer(row: Row): GapAnswer {
  return {
    id: String(row.id),
    question_id: Number(row.question_id),
    priority: String(row.priority) as Urgency,
    gap_addressed: str(row.gap_addressed),
    question: String(row.question),
    context: str(row.context),
    expected_outcome: str(row.expected_outcome),
    answer: str(row.answer),
    created_at: String(row.created_at),
    updated_at: String(row.updated_at),
  };
}

function rowToAnalysis(row: Row, answers: Row[]): GapAnalysis {
  return {
    id: String(row.id),
    gap_count: num(row.gap_count) ?? 0,
    red_flag_count: num(row.red_flag_count) ?? 0,
    urgency: String(row.urgency) as Urgency,
    overall_assessment: str(row.overall_assessment),
    identified_gaps_and_flags: parseJsonColumn<unknown[]>(row.identified_gaps_and_flags, []),
    next_steps: parseJsonColumn<unknown>(row.next_steps, null),
    created_at: String(row.created_at),
    updated_at: String(row.updated_at),
    answers: answers.filter((a) => a.gap_analysis_id === row.id).map(rowToAnswer),
  };
}

const selectOne = (db: D1Database, userId: string, id: string) => [
  db.prepare(`SELECT ${ANALYSIS_COLUMNS} FROM gap_analyses WHERE id = ?1 AND user_id = ?2`).bind(id, userId),
  db
    .prepare(`SELECT ${ANSWER_COLUMNS} FROM gap_analysis_answers WHERE gap_analysis_id = ?1 AND user_id = ?2 ORDER BY question_id`)
    .bind(id, userId),
];

const rowsOf = (r: D1Result | undefined) => (r?.results ?? []) as Row[];
function analysisFrom(analysis: D1Result | undefined, answers: D1Result | undefined): GapAnalysis | null {
  const row = rowsOf(analysis)[0];
  return row ? rowToAnalysis(row, rowsOf(answers)) : null;
}

/** A page of the user's analyses (newest first) with their answers: one batch. */
export async function listGapAnalyses(
  db: D1Database,
  userId: string,
  page: { page: number; limit: number },
): Promise<{ items: GapAnalysis[]; total: number }> {
  const offset = (page.page - 1) * page.limit;
  const pageIds = `SELECT id FROM gap_analyses WHERE user_id = ?1 ORDER BY created_at DESC, rowid DESC LIMIT ?2 OFFSET ?3`;
  const [count, analyses, answers] = await db.batch([
    db.prepare('SELECT count(*) AS total FROM gap_analyses WHERE user_id = ?1').bind(userId),
    db
      .prepare(`SELECT ${ANALYSIS_COLUMNS} FROM gap_analyses WHERE user_id = ?1 ORDER BY created_at DESC, rowid DESC LIMIT ?2 OFFSET ?3`)
      .bind(userId, page.limit, offset),
    db
      .prepare(
        `SELECT ${ANSWER_COLUMNS} FROM gap_analysis_answers
         WHERE user_id = ?1 AND gap_analysis_id IN (${pageIds}) ORDER BY question_id`,
      )
      .bind(userId, page.limit, offset),
  ]);
  const answerRows = rowsOf(answers);
  return {
    total: Number(rowsOf(count)[0]?.total ?? 0),
    items: rowsOf(analyses).map((row) => rowToAnalysis(row, answerRows)),
  };
}

export async function getGapAnalysis(db: D1Database, userId: string, id: string): Promise<GapAnalysis | null> {
  const [analysis, answers] = await db.batch(selectOne(db, userId, id));
  return analysisFrom(analysis, answers);
}

/** Inserts the analysis and its questions in one transaction and reads it back in the same batch. */
export async function createGapAnalysis(db: D1Database, user: UserIdentity, input: GapAnalysisInput): Promise<GapAnalysis> {
  const id = newId();
  const now = nowIso();
  const questions = input.questions.map((q) =>
    db
      .prepare(
        `INSERT INTO gap_analysis_answers (id, gap_analysis_id, user_id, question_id, priority, gap_addressed, question,
           context, expected_outcome, answer, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)`,
      )
      .bind(newId(), id, user.userId, q.question_id, q.priority, q.gap_addressed, q.question, q.context, q.expected_outcome, q.answer, now),
  );
  const results = await db.batch([
    ensureUserStatement(db, user),
    db
      .prepare(
        `INSERT INTO gap_analyses (id, user_id, gap_count, red_flag_count, urgency, overall_assessment,
           identified_gaps_and_flags, next_steps, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)`,
      )
      .bind(
        id,
        user.userId,
        input.gap_count,
        input.red_flag_count,
        input.urgency,
        input.overall_assessment,
        JSON.stringify(input.identified_gaps_and_flags),
        input.next_steps === null || input.next_steps === undefined ? null : JSON.stringify(input.next_steps),
        now,
      ),
    ...questions,
    ...selectOne(db, user.userId, id),
  ]);
  return analysisFrom(results.at(-2), results.at(-1))!;
}

export type AnswerResult = { status: 'ok'; analysis: GapAnalysis } | { status: 'analysis_not_found' } | { status: 'question_not_found' };

/** Sets (or clears, with null) the answer to one question of the user's own analysis. One batch. */
export async function answerQuestion(
  db: D1Database,
  userId: string,
  id: string,
  questionId: number,
  answer: string | null,
): Promise<AnswerResult> {
  const now = nowIso();
  const [answered, , analysis, answers] = await db.batch([
    db
      .prepare(
        `UPDATE gap_analysis_answers SET answer = ?4, updated_at = ?5
         WHERE gap_analysis_id = ?1 AND user_id = ?2 AND question_id = ?3 RETURNING id`,
      )
      .bind(id, userId, questionId, answer, now),
    db
      .prepare(
        `UPDATE gap_analyses SET updated_at = ?3 WHERE id = ?1 AND user_id = ?2
         AND EXISTS (SELECT 1 FROM gap_analysis_answers WHERE gap_analysis_id = ?1 AND user_id = ?2 AND question_id = ?4)`,
      )
      .bind(id, userId, now, questionId),
    ...selectOne(db, userId, id),
  ]);
  const result = analysisFrom(analysis, answers);
  if (!result) return { status: 'analysis_not_found' };
  if (rowsOf(answered).length === 0) return { status: 'question_not_found' };
  return { status: 'ok', analysis: result };
}

/** Deletes the user's analysis; its answers go with it (ON DELETE CASCADE). */
export async function deleteGapAnalysis(db: D1Database, userId: string, id: string): Promise<boolean> {
  const result = await db.prepare('DELETE FROM gap_analyses WHERE id = ?1 AND user_id = ?2').bind(id, userId).run();
  return result.meta.changes > 0;
}
