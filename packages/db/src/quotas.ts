/**
 * Per-user storage quotas: caps on rows and bytes of the tables a user fills without bound,
 * and on R2 bytes (the `files` rows). Enforced by D1 itself (migration 0017, generated from this
 * file by user-storage.ts): triggers on every table below keep a per-user counter row in
 * `user_storage` exact, and a trigger on that counter aborts the statement (and its batch)
 * whose increase passes a cap with `STORAGE_QUOTA_EXCEEDED:{json}`, which the shared error
 * handler (packages/shared-middleware errors.ts) answers as 413. Check and write are one
 * statement, so concurrent writes cannot overshoot, and no write scans the user's rows.
 * Only increases are refused: a user over a cap (caps lowered) can still delete and shrink.
 */

export interface StorageUsage {
  rows: number;
  bytes: number;
}

const MiB = 1024 * 1024;

/**
 * The caps, the single source of truth (docs/ARCHITECTURE.md "Storage quotas" lists them; the
 * `storage_quotas` table is seeded from them and packages/db/test/storage-usage.test.ts proves
 * the live schema agrees). Changing one needs a migration that updates `storage_quotas`.
 * Bytes are UTF-8 bytes of the stored text and JSON, or R2 object sizes for files.
 */
export const STORAGE_QUOTAS = {
  jobs: { rows: 5_000, bytes: 64 * MiB },
  gapAnalyses: { rows: 200, bytes: 32 * MiB },
  files: { rows: 500, bytes: 250 * MiB },
  applications: { rows: 1_000, bytes: 64 * MiB },
  trackedApplications: { rows: 2_000, bytes: 32 * MiB },
  resumes: { rows: 100, bytes: 16 * MiB },
  profile: { rows: 1_000, bytes: 8 * MiB },
  jobSearches: { rows: 2_000, bytes: 16 * MiB },
  emails: { rows: 5_000, bytes: 64 * MiB },
} as const satisfies Record<string, StorageUsage>;

export type QuotaResource = keyof typeof STORAGE_QUOTAS;

export interface StorageTable {
  table: string;
  resource: QuotaResource;
  /** Whether each row counts toward the resource's row cap (child rows may count bytes only). */
  countsRows: boolean;
  /** Columns whose UTF-8 bytes count; `size` for files counts the column's value (R2 bytes). */
  byteColumns: readonly string[];
}

const t = (table: string, resource: QuotaResource, byteColumns: string[], countsRows = true): StorageTable => ({
  table,
  resource,
  countsRows,
  byteColumns,
});

/**
 * Every table a user fills without bound, and what it counts. Not here, and why: sessions,
 * session aliases/revocations, idempotency keys, OAuth states (expire and are swept), usage and
 * AI counters, subscriptions/billing (one row per user/period/provider event), job feedback,
 * spam reports, job analyses, embeddings and spam analyses (at most a few per job, and jobs are
 * capped), security events (written by the server, not the user), job preferences (one row).
 */
export const STORAGE_TABLES: readonly StorageTable[] = [
  t('jobs', 'jobs', ['title', 'company', 'location', 'description', 'url', 'required_skills', 'preferred_skills']),
  t('gap_analyses', 'gapAnalyses', ['overall_assessment', 'identified_gaps_and_flags', 'next_steps']),
  t('gap_analysis_answers', 'gapAnalyses', ['question', 'gap_addressed', 'context', 'expected_outcome', 'answer'], false),
  // Rows marked deleted count too: their objects may still be in R2 until maintenance drops them.
  t('files', 'files', ['size']),
  t('applications', 'applications', ['job_title', 'company', 'variants']),
  t('tracked_applications', 'trackedApplications', [
    'company',
    'job_title',
    'location',
    'status_history',
    'interviews',
    'recruiter',
    'hiring_manager',
    'follow_up_actions',
    'offer_details',
    'next_action',
    'notes',
    'activity_log',
    'tags',
  ]),
  t('resumes', 'resumes', ['title', 'file_name', 'parsed_data']),
  t('resume_documents', 'resumes', ['title', 'sections', 'formats']),
  t('work_experience', 'profile', ['title', 'company', 'location', 'description', 'accomplishments']),
  t('education', 'profile', ['institution', 'degree', 'field_of_study', 'grade', 'description', 'highlights']),
  t('skills', 'profile', ['name']),
  t('work_experience_narratives', 'profile', ['narrative']),
  t('job_searches', 'jobSearches', ['keywords', 'filters', 'sources', 'errors']),
  t('email_history', 'emails', ['recipient_email', 'subject', 'body', 'error']),
];

/** What a route's documented 413 says (core, ai and integrations document it the same way). */
export const storageQuotaDescription = (resource: QuotaResource): string =>
  `the write would take the caller past ${STORAGE_QUOTAS[resource].rows} ${resource} or ${STORAGE_QUOTAS[resource].bytes} bytes of them (details: resource, limit, used)`;
