/**
 * SQL for tracked_applications (the application tracker). Every statement is scoped by
 * user_id; linked jobs and applications must be the caller's own. The status history is
 * written only here, in the same statement that changes the status (no read-modify-write).
 */
import { ensureUserStatement, type UserIdentity } from './users';
import { fromBool, newId, nowIso, num, parseJsonColumn, str, toBool, updateStatement, type Row } from './sql';

export const TRACKED_STATUSES = [
  'applied',
  'screening',
  'interview_scheduled',
  'interview_completed',
  'offer',
  'accepted',
  'rejected',
  'withdrawn',
] as const;
export type TrackedStatus = (typeof TRACKED_STATUSES)[number];

/** Statuses that end the process: such rows are not "active" even when not archived. */
export const TERMINAL_TRACKED_STATUSES: readonly TrackedStatus[] = ['accepted', 'rejected', 'withdrawn'];

/** Oldest entries are dropped beyond this many, so a row cannot grow without bound. */
export const STATUS_HISTORY_MAX = 200;

export interface StatusChange {
  status: TrackedStatus;
  changed_at: string;
  note?: string;
}

type JsonObject = Record<string, unknown>;

/** A tracked application as the API returns it (snake_case, JSON parsed, booleans). */
export interface TrackedApplication {
  id: string;
  job_id: string | null;
  application_id: string | null;
  company: string;
  job_title: string;
  location: string | null;
  match_score: number | null;
  status: TrackedStatus;
  status_history: StatusChange[];
  applied_date: string | null;
  interviews: unknown[];
  recruiter: JsonObject | null;
  hiring_manager: JsonObject | null;
  follow_up_actions: unknown[];
  offer_details: JsonObject | null;
  next_action: string | null;
  next_action_date: string | null;
  next_interview_date: string | null;
  notes: string | null;
  archived: boolean;
  created_at: string;
  updated_at: string;
}

const COLUMNS = `id, job_id, application_id, company, job_title, location, match_score, status, status_history,
  applied_date, interviews, recruiter, hiring_manager, follow_up_actions, offer_details, next_action,
  next_action_date, next_interview_date, notes, archived, created_at, updated_at`;

const objectOrNull = (value: unknown): JsonObject | null => {
  const parsed = parseJsonColumn<unknown>(value, null);
  return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as JsonObject) : null;
};
const arrayOrEmpty = <T>(value: unknown): T[] => {
  const parsed = parseJsonColumn<unknown>(value, []);
  return Array.isArray(parsed) ? (parsed as T[]) : [];
};

export function rowToTracked(row: Row): TrackedApplication {
  return {
    id: String(row.id),
    job_id: str(row.job_id),
    application_id: str(row.application_id),
    company: String(row.company),
    job_title: String(row.job_title),
    location: str(row.location),
    match_score: num(row.match_score),
    status: String(row.status) as TrackedStatus,
    status_history: arrayOrEmpty<StatusChange>(row.status_history),
    applied_date: str(row.applied_date),
    interviews: arrayOrEmpty(row.interviews),
    recruiter: objectOrNull(row.recruiter),
    hiring_manager: objectOrNull(row.hiring_manager),
    follow_up_actions: arrayOrEmpty(row.follow_up_actions),
    offer_details: objectOrNull(row.offer_details),
    next_action: str(row.next_action),
    next_action_date: str(row.next_action_date),
    next_interview_date: str(row.next_interview_date),
    notes: str(row.notes),
    archived: toBool(row.archived),
    created_at: String(row.created_at),
    updated_at: String(row.updated_at),
  };
}

/** The writable fields, keyed as the API body names them (snake_case, like the row). */
export interface TrackedFields {
  job_id?: string | null;
  application_id?: string | null;
  company?: string;
  job_title?: string;
  location?: string | null;
  match_score?: number | null;
  applied_date?: string | null;
  interviews?: unknown[];
  recruiter?: JsonObject | null;
  hiring_manager?: JsonObject | null;
  follow_up_actions?: unknown[];
  offer_details?: JsonObject | null;
  next_action?: string | null;
  next_action_date?: string | null;
  next_interview_date?: string | null;
  notes?: string | null;
  archived?: boolean;
}

/** Field → how it is stored (JSON columns are serialised, booleans become 0/1). */
const STORAGE: Record<keyof TrackedFields, 'text' | 'json' | 'bool'> = {
  job_id: 'text',
  application_id: 'text',
  company: 'text',
  job_title: 'text',
  location: 'text',
  match_score: 'text',
  applied_date: 'text',
  interviews: 'json',
  recruiter: 'json',
  hiring_manager: 'json',
  follow_up_actions: 'json',
  offer_details: 'json',
  next_action: 'text',
  next_action_date: 'text',
  next_interview_date: 'text',
  notes: 'text',
  archived: 'bool',
};

function stored(field: keyof TrackedFields, value: unknown): unknown {
  if (value === null) return null;
  switch (STORAGE[field]) {
    case 'json':
      return JSON.stringify(value);
    case 'bool':
      return fromBool(value as boolean);
    default:
      return value;
  }
}

export interface TrackedFilters {
  status?: TrackedStatus;
  archived?: boolean;
  /** Case-insensitive substring of company or job title. */
  search?: string;
  /** Not archived and not in a terminal status. */
  activeOnly?: boolean;
  page: number;
  limit: number;
}


export async function listTracked(
  db: D1Database,
  userId: string,
  f: TrackedFilters,
): Promise<{ items: TrackedApplication[]; total: number }> {
  const where = ['user_id = ?1'];
  const params: unknown[] = [userId];
  const add = (clause: (n: number) => string, value: unknown) => {
    params.push(value);
    where.push(clause(params.length));
  };
  if (f.activeOnly) {
    where.push(`archived = 0 AND status NOT IN (${TERMINAL_TRACKED_STATUSES.map((s) => `'${s}'`).join(', ')})`);
  }
  if (f.archived !== undefined) add((n) => `archived = ?${n}`, fromBool(f.archived));
  if (f.status !== undefined) add((n) => `status = ?${n}`, f.status);
  if (f.search !== undefined) {
    // instr, not LIKE: D1 refuses LIKE patterns over 50 bytes (a 17-character CJK search).
    add((n) => `(instr(lower(company), lower(?${n})) > 0 OR instr(lower(job_title), lower(?${n})) > 0)`, f.search);
  }
  const whereSql = where.join(' AND ');
  const [count, rows] = await db.batch([
    db.prepare(`SELECT count(*) AS total FROM tracked_applications WHERE ${whereSql}`).bind(...params),
    db
      .prepare(
        `SELECT ${COLUMNS} FROM tracked_applications WHERE ${whereSql}
         ORDER BY updated_at DESC, id LIMIT ?${params.length + 1} OFFSET ?${params.length + 2}`,
      )
      .bind(...params, f.limit, (f.page - 1) * f.limit),
  ]);
  return {
    total: Number((count?.results[0] as Row | undefined)?.total ?? 0),
    items: ((rows?.results ?? []) as Row[]).map(rowToTracked),
  };
}

export async function getTracked(db: D1Database, userId: string, id: string): Promise<TrackedApplication | null> {
  const row = await db
    .prepare(`SELECT ${COLUMNS} FROM tracked_applications WHERE id = ?1 AND user_id = ?2`)
    .bind(id, userId)
    .first<Row>();
  return row ? rowToTracked(row) : null;
}

/** Why a write that links a job or an application did not happen. */
export type LinkProblem = 'job' | 'application';
export type WriteResult = { row: TrackedApplication } | { missing: 'tracked' | LinkProblem };

/** SQL condition: the linked job / application (bound at ?j / ?a) is null or the caller's (?u). */
const linksOwned = (j: number, a: number, u: number) =>
  `(?${j} IS NULL OR EXISTS (SELECT 1 FROM jobs WHERE id = ?${j} AND user_id = ?${u}))
   AND (?${a} IS NULL OR EXISTS (SELECT 1 FROM applications WHERE id = ?${a} AND user_id = ?${u}))`;

/** Which link (if any) names a job / application the caller does not own. */
async function missingLink(db: D1Database, userId: string, jobId: string | null | undefined, applicationId: string | null | undefined): Promise<LinkProblem | null> {
  if (jobId) {
    const job = await db.prepare('SELECT 1 AS ok FROM jobs WHERE id = ?1 AND user_id = ?2').bind(jobId, userId).first();
    if (!job) return 'job';
  }
  if (applicationId) {
    const app = await db.prepare('SELECT 1 AS ok FROM applications WHERE id = ?1 AND user_id = ?2').bind(applicationId, userId).first();
    if (!app) return 'application';
  }
  return null;
}

export interface NewTracked extends TrackedFields {
  company: string;
  job_title: string;
  status?: TrackedStatus;
  /** Note for the first status_history entry. */
  status_note?: string | null;
}

const historyEntry = (status: TrackedStatus, changedAt: string, note: string | null | undefined): StatusChange =>
  note ? { status, changed_at: changedAt, note } : { status, changed_at: changedAt };

/** Inserts a tracked application (provisioning the user row in the same transaction). */
export async function createTracked(db: D1Database, user: UserIdentity, input: NewTracked): Promise<WriteResult> {
  const now = nowIso();
  const status = input.status ?? 'applied';
  const fields = Object.keys(STORAGE).filter((f) => input[f as keyof TrackedFields] !== undefined) as (keyof TrackedFields)[];
  const values = fields.map((f) => stored(f, input[f]));
  // ?1 id, ?2 user, ?3 now, ?4 status, ?5 history, ?6 job, ?7 application, then the fields.
  const base = 8;
  const columns = ['id', 'user_id', 'status', 'status_history', 'created_at', 'updated_at', ...fields];
  const placeholders = ['?1', '?2', '?4', '?5', '?3', '?3', ...fields.map((_, i) => `?${base + i}`)];
  const [, inserted] = await db.batch<Row>([
    ensureUserStatement(db, user),
    db
      .prepare(
        `INSERT INTO tracked_applications (${columns.join(', ')})
         SELECT ${placeholders.join(', ')} WHERE ${linksOwned(6, 7, 2)}
         RETURNING ${COLUMNS}`,
      )
      .bind(
        newId(),
        user.userId,
        now,
        status,
        JSON.stringify([historyEntry(status, now, input.status_note)]),
        input.job_id ?? null,
        input.application_id ?? null,
        ...values,
      ),
  ]);
  const row = inserted?.results[0];
  if (row) return { row: rowToTracked(row) };
  return { missing: (await missingLink(db, user.userId, input.job_id, input.application_id)) ?? 'job' };
}

export interface TrackedPatch extends TrackedFields {
  status?: TrackedStatus;
  /** Note recorded with the status change (ignored when the status does not change). */
  status_note?: string | null;
}

/**
 * Applies a patch to the caller's own tracked application. A status different from the
 * stored one appends {status, changed_at, note?} to status_history in the same UPDATE.
 */
export async function updateTracked(db: D1Database, userId: string, id: string, patch: TrackedPatch): Promise<WriteResult> {
  const now = nowIso();
  const set: Record<string, unknown> = { updated_at: now };
  for (const field of Object.keys(STORAGE) as (keyof TrackedFields)[]) {
    if (patch[field] !== undefined) set[field] = stored(field, patch[field]);
  }
  const status = patch.status;
  const row = await updateStatement(db, 'tracked_applications', {
    // ?1 id, ?2 user, ?3 job link, ?4 application link (null = not changed).
    where: `id = ?1 AND user_id = ?2 AND ${linksOwned(3, 4, 2)}`,
    whereParams: [id, userId, patch.job_id ?? null, patch.application_id ?? null],
    set,
    computed: (param) => {
      if (status === undefined) return [];
      const s = param(status);
      const entry = param(JSON.stringify(historyEntry(status, now, patch.status_note)));
      // SET expressions see the row as it was: `status` below is the old status.
      return [
        `status = ${s}`,
        `status_history = CASE WHEN status = ${s} THEN status_history ELSE json_insert(
           CASE WHEN json_array_length(status_history) >= ${STATUS_HISTORY_MAX}
                THEN json_remove(status_history, '$[0]') ELSE status_history END,
           '$[#]', json(${entry})) END`,
      ];
    },
    returning: COLUMNS,
  })!.first<Row>();
  if (row) return { row: rowToTracked(row) };
  if (!(await getTracked(db, userId, id))) return { missing: 'tracked' };
  return { missing: (await missingLink(db, userId, patch.job_id, patch.application_id)) ?? 'tracked' };
}

/** Sets archived on the caller's own row; null when it is not theirs. */
export async function setTrackedArchived(
  db: D1Database,
  userId: string,
  id: string,
  archived: boolean,
): Promise<TrackedApplication | null> {
  const row = await db
    .prepare(
      `UPDATE tracked_applications SET archived = ?3, updated_at = ?4 WHERE id = ?1 AND user_id = ?2
       RETURNING ${COLUMNS}`,
    )
    .bind(id, userId, fromBool(archived), nowIso())
    .first<Row>();
  return row ? rowToTracked(row) : null;
}

export async function deleteTracked(db: D1Database, userId: string, id: string): Promise<boolean> {
  const result = await db
    .prepare('DELETE FROM tracked_applications WHERE id = ?1 AND user_id = ?2')
    .bind(id, userId)
    .run();
  return result.meta.changes > 0;
}
