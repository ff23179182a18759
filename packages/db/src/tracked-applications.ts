/**
 * SQL for tracked_applications (the application tracker), answered in the frontend's camelCase
 * `TrackedApplication` shape (src/sections/application-tracker/types.ts) with every array
 * present. Every statement is scoped by user_id; linked jobs and applications must be the
 * caller's own. The status history is written only here, in the same statement that changes
 * the status (no read-modify-write).
 */
import { ensureUserStatement, type UserIdentity } from './users';
import { fromBool, newId, nowIso, num, parseJsonColumn, str, toBool, updateStatement, type Row } from './sql';

/** The tracker UI's statuses (its status dialog offers all twelve; migration 0010). */
export const TRACKED_STATUSES = [
  'applied',
  'response_received',
  'screening',
  'interview_scheduled',
  'interview_completed',
  'offer',
  'offer_accepted',
  'offer_declined',
  'accepted',
  'rejected',
  'withdrawn',
  'abandoned',
] as const;
export type TrackedStatus = (typeof TRACKED_STATUSES)[number];

/** Statuses that end the process (the tracker's own "active" filter): not "active" even when not archived. */
export const TERMINAL_TRACKED_STATUSES: readonly TrackedStatus[] = [
  'accepted',
  'offer_accepted',
  'rejected',
  'offer_declined',
  'withdrawn',
  'abandoned',
];

/** Oldest entries are dropped beyond this many, so a row cannot grow without bound. */
export const STATUS_HISTORY_MAX = 200;

export interface StatusChange {
  status: TrackedStatus;
  date: string;
  note?: string;
}

type JsonObject = Record<string, unknown>;

/** A tracked application as the API returns it: the frontend's TrackedApplication. */
export interface TrackedApplication {
  id: string;
  /** '' when not linked (what the tracker sends for "none"). */
  jobId: string;
  applicationId: string;
  company: string;
  jobTitle: string;
  location: string;
  matchScore: number;
  status: TrackedStatus;
  appliedDate: string;
  lastUpdated: string;
  /** The date of the latest status_history entry. */
  statusChangedAt: string | null;
  statusHistory: StatusChange[];
  interviews: unknown[];
  nextInterviewDate: string | null;
  recruiter: JsonObject | null;
  hiringManager: JsonObject | null;
  followUpActions: unknown[];
  nextAction: string | null;
  nextActionDate: string | null;
  notes: string;
  activityLog: unknown[];
  offerDetails: JsonObject | null;
  archived: boolean;
  tags: string[];
  createdAt: string;
}

const COLUMNS = `id, job_id, application_id, company, job_title, location, match_score, status, status_history,
  applied_date, interviews, recruiter, hiring_manager, follow_up_actions, offer_details, next_action,
  next_action_date, next_interview_date, notes, activity_log, tags, archived, created_at, updated_at`;

const objectOrNull = (value: unknown): JsonObject | null => {
  const parsed = parseJsonColumn<unknown>(value, null);
  return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as JsonObject) : null;
};
const arrayOrEmpty = <T>(value: unknown): T[] => {
  const parsed = parseJsonColumn<unknown>(value, []);
  return Array.isArray(parsed) ? (parsed as T[]) : [];
};

/**
 * Rows written before the tracker shape (or by hand) may lack fields the pages call methods on
 * (`interview.interviewers.join`, `followUpActions.some(a => !a.completed)`): fill them on read.
 */
const objectItems = (value: unknown): JsonObject[] =>
  arrayOrEmpty<unknown>(value).filter((x): x is JsonObject => x !== null && typeof x === 'object' && !Array.isArray(x));
const interviewOf = (i: JsonObject): JsonObject => ({
  ...i,
  round: typeof i.round === 'string' ? i.round : '',
  date: typeof i.date === 'string' ? i.date : typeof i.scheduled_at === 'string' ? i.scheduled_at : '',
  interviewers: Array.isArray(i.interviewers) ? i.interviewers : [],
  notes: typeof i.notes === 'string' ? i.notes : '',
});
const followUpOf = (f: JsonObject): JsonObject => ({
  ...f,
  title: typeof f.title === 'string' ? f.title : typeof f.text === 'string' ? f.text : '',
  description: typeof f.description === 'string' ? f.description : '',
  completed: typeof f.completed === 'boolean' ? f.completed : f.done === true,
  priority: typeof f.priority === 'string' ? f.priority : 'medium',
  type: typeof f.type === 'string' ? f.type : 'action_item',
});

export function rowToTracked(row: Row): TrackedApplication {
  const statusHistory = arrayOrEmpty<StatusChange>(row.status_history);
  return {
    id: String(row.id),
    jobId: str(row.job_id) ?? '',
    applicationId: str(row.application_id) ?? '',
    company: String(row.company),
    jobTitle: String(row.job_title),
    location: str(row.location) ?? '',
    matchScore: num(row.match_score) ?? 0,
    status: String(row.status) as TrackedStatus,
    appliedDate: str(row.applied_date) ?? '',
    lastUpdated: String(row.updated_at),
    statusChangedAt: statusHistory.at(-1)?.date ?? null,
    statusHistory,
    interviews: objectItems(row.interviews).map(interviewOf),
    nextInterviewDate: str(row.next_interview_date),
    recruiter: objectOrNull(row.recruiter),
    hiringManager: objectOrNull(row.hiring_manager),
    followUpActions: objectItems(row.follow_up_actions).map(followUpOf),
    nextAction: str(row.next_action),
    nextActionDate: str(row.next_action_date),
    notes: str(row.notes) ?? '',
    activityLog: arrayOrEmpty(row.activity_log),
    offerDetails: objectOrNull(row.offer_details),
    archived: toBool(row.archived),
    tags: arrayOrEmpty<string>(row.tags),
    createdAt: String(row.created_at),
  };
}

/** The client-writable fields (camelCase, as the API body names them). */
export interface TrackedFields {
  jobId?: string | null;
  applicationId?: string | null;
  company?: string;
  jobTitle?: string;
  location?: string | null;
  matchScore?: number | null;
  appliedDate?: string | null;
  interviews?: unknown[];
  recruiter?: JsonObject | null;
  hiringManager?: JsonObject | null;
  followUpActions?: unknown[];
  offerDetails?: JsonObject | null;
  nextAction?: string | null;
  nextActionDate?: string | null;
  nextInterviewDate?: string | null;
  notes?: string | null;
  activityLog?: unknown[];
  tags?: string[];
  archived?: boolean;
}

/** Field → its column and how it is stored (JSON columns are serialised, booleans become 0/1). */
const STORAGE: Record<keyof TrackedFields, [column: string, kind: 'text' | 'json' | 'bool']> = {
  jobId: ['job_id', 'text'],
  applicationId: ['application_id', 'text'],
  company: ['company', 'text'],
  jobTitle: ['job_title', 'text'],
  location: ['location', 'text'],
  matchScore: ['match_score', 'text'],
  appliedDate: ['applied_date', 'text'],
  interviews: ['interviews', 'json'],
  recruiter: ['recruiter', 'json'],
  hiringManager: ['hiring_manager', 'json'],
  followUpActions: ['follow_up_actions', 'json'],
  offerDetails: ['offer_details', 'json'],
  nextAction: ['next_action', 'text'],
  nextActionDate: ['next_action_date', 'text'],
  nextInterviewDate: ['next_interview_date', 'text'],
  notes: ['notes', 'text'],
  activityLog: ['activity_log', 'json'],
  tags: ['tags', 'json'],
  archived: ['archived', 'bool'],
};
const FIELDS = Object.keys(STORAGE) as (keyof TrackedFields)[];

function stored(field: keyof TrackedFields, value: unknown): unknown {
  if (value === null) return null;
  switch (STORAGE[field][1]) {
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
  const row = await db.prepare(`SELECT ${COLUMNS} FROM tracked_applications WHERE id = ?1 AND user_id = ?2`).bind(id, userId).first<Row>();
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
async function missingLink(
  db: D1Database,
  userId: string,
  jobId: string | null | undefined,
  applicationId: string | null | undefined,
): Promise<LinkProblem | null> {
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
  jobTitle: string;
  status?: TrackedStatus;
  /** Note for the first statusHistory entry. */
  statusNote?: string | null;
}

const historyEntry = (status: TrackedStatus, date: string, note: string | null | undefined): StatusChange =>
  note ? { status, date, note } : { status, date };

/** Inserts a tracked application (provisioning the user row in the same transaction). */
export async function createTracked(db: D1Database, user: UserIdentity, input: NewTracked): Promise<WriteResult> {
  const now = nowIso();
  const status = input.status ?? 'applied';
  const fields = FIELDS.filter((f) => input[f] !== undefined);
  const values = fields.map((f) => stored(f, input[f]));
  // ?1 id, ?2 user, ?3 now, ?4 status, ?5 history, ?6 job, ?7 application, then the fields.
  const base = 8;
  const columns = ['id', 'user_id', 'status', 'status_history', 'created_at', 'updated_at', ...fields.map((f) => STORAGE[f][0])];
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
        JSON.stringify([historyEntry(status, now, input.statusNote)]),
        input.jobId ?? null,
        input.applicationId ?? null,
        ...values,
      ),
  ]);
  const row = inserted?.results[0];
  if (row) return { row: rowToTracked(row) };
  return { missing: (await missingLink(db, user.userId, input.jobId, input.applicationId)) ?? 'job' };
}

export interface TrackedPatch extends TrackedFields {
  status?: TrackedStatus;
  /** Note recorded with the status change (ignored when the status does not change). */
  statusNote?: string | null;
}

/**
 * Applies a patch to the caller's own tracked application. A status different from the
 * stored one appends {status, date, note?} to status_history in the same UPDATE.
 */
export async function updateTracked(db: D1Database, userId: string, id: string, patch: TrackedPatch): Promise<WriteResult> {
  const now = nowIso();
  const set: Record<string, unknown> = { updated_at: now };
  for (const field of FIELDS) {
    if (patch[field] !== undefined) set[STORAGE[field][0]] = stored(field, patch[field]);
  }
  const status = patch.status;
  const row = await updateStatement(db, 'tracked_applications', {
    // ?1 id, ?2 user, ?3 job link, ?4 application link (null = not changed).
    where: `id = ?1 AND user_id = ?2 AND ${linksOwned(3, 4, 2)}`,
    whereParams: [id, userId, patch.jobId ?? null, patch.applicationId ?? null],
    set,
    computed: (param) => {
      if (status === undefined) return [];
      const s = param(status);
      const entry = param(JSON.stringify(historyEntry(status, now, patch.statusNote)));
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
  return { missing: (await missingLink(db, userId, patch.jobId, patch.applicationId)) ?? 'tracked' };
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
  const result = await db.prepare('DELETE FROM tracked_applications WHERE id = ?1 AND user_id = ?2').bind(id, userId).run();
  return result.meta.changes > 0;
}
