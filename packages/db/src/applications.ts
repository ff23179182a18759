/**
 * SQL for the applications table (generated or hand-made job applications with their resume /
 * cover-letter variants). Every statement is scoped by user_id; a linked job must be the
 * caller's own. ai (generate) and integrations (emails, exports) use this module too.
 */
import { ensureUserStatement, type UserIdentity } from './users';
import { newId, nowIso, parseJsonColumn, str, updateStatement, type D1Reader, type Row } from './sql';

export const APPLICATION_STATUSES = [
  'draft',
  'submitted',
  'viewed',
  'interviewing',
  'offered',
  'rejected',
  'withdrawn',
  'accepted',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** One generated variant (API-CONTRACT: POST /api/applications/generate). */
export interface ApplicationVariant {
  id: string;
  name?: string | null;
  resume?: unknown;
  coverLetter?: string | null;
  aiRationale?: unknown;
  [extra: string]: unknown;
}

/** An application as the API returns it (snake_case row, variants parsed). */
export interface Application {
  id: string;
  job_id: string | null;
  job_title: string;
  company: string;
  status: ApplicationStatus;
  created_at: string;
  updated_at: string;
  submitted_at: string | null;
  selected_variant_id: string | null;
  variants: ApplicationVariant[];
}

const COLUMNS = 'id, job_id, job_title, company, status, created_at, updated_at, submitted_at, selected_variant_id, variants';

export function rowToApplication(row: Row): Application {
  return {
    id: String(row.id),
    job_id: str(row.job_id),
    job_title: String(row.job_title),
    company: String(row.company),
    status: String(row.status) as ApplicationStatus,
    created_at: String(row.created_at),
    updated_at: String(row.updated_at),
    submitted_at: str(row.submitted_at),
    selected_variant_id: str(row.selected_variant_id),
    variants: parseJsonColumn<ApplicationVariant[]>(row.variants, []),
  };
}

export interface ApplicationFilters {
  status?: ApplicationStatus;
  jobId?: string;
  page: number;
  limit: number;
}

export async function listApplications(
  db: D1Reader,
  userId: string,
  f: ApplicationFilters,
): Promise<{ items: Application[]; total: number }> {
  const where = ['user_id = ?1'];
  const params: unknown[] = [userId];
  if (f.status !== undefined) {
    params.push(f.status);
    where.push(`status = ?${params.length}`);
  }
  if (f.jobId !== undefined) {
    params.push(f.jobId);
    where.push(`job_id = ?${params.length}`);
  }
  const whereSql = where.join(' AND ');
  const [count, rows] = await db.batch([
    db.prepare(`SELECT count(*) AS total FROM applications WHERE ${whereSql}`).bind(...params),
    db
      .prepare(
        `SELECT ${COLUMNS} FROM applications WHERE ${whereSql}
         ORDER BY created_at DESC, id LIMIT ?${params.length + 1} OFFSET ?${params.length + 2}`,
      )
      .bind(...params, f.limit, (f.page - 1) * f.limit),
  ]);
  return {
    total: Number((count?.results[0] as Row | undefined)?.total ?? 0),
    items: ((rows?.results ?? []) as Row[]).map(rowToApplication),
  };
}

export async function getApplication(db: D1Reader, userId: string, id: string): Promise<Application | null> {
  const row = await db.prepare(`SELECT ${COLUMNS} FROM applications WHERE id = ?1 AND user_id = ?2`).bind(id, userId).first<Row>();
  return row ? rowToApplication(row) : null;
}

export interface NewApplication {
  jobId?: string | null;
  jobTitle: string;
  company: string;
  status?: ApplicationStatus;
  selectedVariantId?: string | null;
  variants?: ApplicationVariant[];
}

/**
 * Inserts an application (provisioning the user row in the same transaction). Returns null
 * when `jobId` names no job of the caller's; nothing is written then.
 */
export async function createApplication(db: D1Database, user: UserIdentity, input: NewApplication): Promise<Application | null> {
  const now = nowIso();
  const status = input.status ?? 'draft';
  const [, inserted] = await db.batch<Row>([
    ensureUserStatement(db, user),
    db
      .prepare(
        `INSERT INTO applications (id, user_id, job_id, job_title, company, status, variants,
           selected_variant_id, submitted_at, created_at, updated_at)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, CASE WHEN ?6 = 'submitted' THEN ?9 END, ?9, ?9
         WHERE ?3 IS NULL OR EXISTS (SELECT 1 FROM jobs WHERE id = ?3 AND user_id = ?2)
         RETURNING ${COLUMNS}`,
      )
      .bind(
        newId(),
        user.userId,
        input.jobId ?? null,
        input.jobTitle,
        input.company,
        status,
        JSON.stringify(input.variants ?? []),
        input.selectedVariantId ?? null,
        now,
      ),
  ]);
  const row = inserted?.results[0];
  return row ? rowToApplication(row) : null;
}

export interface ApplicationPatch {
  status?: ApplicationStatus;
  selectedVariantId?: string | null;
  variants?: ApplicationVariant[];
}

/**
 * Applies a patch to the caller's own application; null when it is not theirs. submitted_at
 * records the first time the status became 'submitted' and is kept afterwards.
 */
export async function updateApplication(db: D1Database, userId: string, id: string, patch: ApplicationPatch): Promise<Application | null> {
  const now = nowIso();
  const row = await updateStatement(db, 'applications', {
    where: 'id = ?1 AND user_id = ?2',
    whereParams: [id, userId],
    set: {
      status: patch.status,
      selected_variant_id: patch.selectedVariantId,
      variants: patch.variants === undefined ? undefined : JSON.stringify(patch.variants),
      updated_at: now,
    },
    computed: (param) =>
      patch.status === undefined
        ? []
        : [
            `submitted_at = CASE WHEN ${param(patch.status)} = 'submitted' THEN coalesce(submitted_at, ${param(now)}) ELSE submitted_at END`,
          ],
    returning: COLUMNS,
  })!.first<Row>();
  return row ? rowToApplication(row) : null;
}

export async function deleteApplication(db: D1Database, userId: string, id: string): Promise<boolean> {
  const result = await db.prepare('DELETE FROM applications WHERE id = ?1 AND user_id = ?2').bind(id, userId).run();
  return result.meta.changes > 0;
}
