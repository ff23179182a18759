/** SQL for job_preferences (one row per user). Table access only: no route serves it yet. */
import { fromBool, nowIso, num, parseJsonColumn, str, toBool, type Row } from './sql';
import { ensureUserStatement, type UserIdentity } from './users';

/** The JSON-array columns, in one place for the row mapping and the upsert. */
const LIST_FIELDS = [
  'desired_titles',
  'desired_locations',
  'work_arrangements',
  'job_types',
  'experience_levels',
  'industries',
  'company_sizes',
  'keywords',
  'excluded_keywords',
] as const;
type ListField = (typeof LIST_FIELDS)[number];

export interface JobPreferences extends Record<ListField, string[]> {
  salary_min: number | null;
  salary_max: number | null;
  salary_currency: string | null;
  willing_to_relocate: boolean;
  created_at: string;
  updated_at: string;
}

export type JobPreferencesInput = Partial<Record<ListField, string[]>> & {
  salary_min?: number | null;
  salary_max?: number | null;
  salary_currency?: string | null;
  willing_to_relocate?: boolean;
};

const COLUMNS = `${LIST_FIELDS.join(', ')}, salary_min, salary_max, salary_currency, willing_to_relocate, created_at, updated_at`;

export function rowToJobPreferences(row: Row): JobPreferences {
  const prefs = {
    salary_min: num(row.salary_min),
    salary_max: num(row.salary_max),
    salary_currency: str(row.salary_currency),
    willing_to_relocate: toBool(row.willing_to_relocate),
    created_at: String(row.created_at),
    updated_at: String(row.updated_at),
  } as JobPreferences;
  for (const field of LIST_FIELDS) prefs[field] = parseJsonColumn<string[]>(row[field], []);
  return prefs;
}

export async function getJobPreferences(db: D1Database, userId: string): Promise<JobPreferences | null> {
  const row = await db.prepare(`SELECT ${COLUMNS} FROM job_preferences WHERE user_id = ?1`).bind(userId).first<Row>();
  return row ? rowToJobPreferences(row) : null;
}

/** Creates the user's preferences or changes the given fields (absent fields keep their value). */
export async function upsertJobPreferences(db: D1Database, user: UserIdentity, input: JobPreferencesInput): Promise<JobPreferences> {
  const params: unknown[] = [user.userId, nowIso()];
  const columns: string[] = [];
  const add = (column: string, value: unknown) => {
    params.push(value);
    columns.push(column);
  };
  for (const field of LIST_FIELDS) if (input[field] !== undefined) add(field, JSON.stringify(input[field]));
  if (input.salary_min !== undefined) add('salary_min', input.salary_min);
  if (input.salary_max !== undefined) add('salary_max', input.salary_max);
  if (input.salary_currency !== undefined) add('salary_currency', input.salary_currency);
  if (input.willing_to_relocate !== undefined) add('willing_to_relocate', fromBool(input.willing_to_relocate));
  const placeholders = columns.map((_, i) => `?${i + 3}`);
  const updates = [...columns.map((c) => `${c} = excluded.${c}`), 'updated_at = excluded.updated_at'];
  const [, saved] = await db.batch([
    ensureUserStatement(db, user),
    db
      .prepare(
        `INSERT INTO job_preferences (user_id, ${[...columns, 'created_at', 'updated_at'].join(', ')})
         VALUES (?1, ${[...placeholders, '?2', '?2'].join(', ')})
         ON CONFLICT (user_id) DO UPDATE SET ${updates.join(', ')} RETURNING ${COLUMNS}`,
      )
      .bind(...params),
  ]);
  return rowToJobPreferences((saved!.results as Row[])[0]!);
}
