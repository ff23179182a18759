/**
 * One user with rows in every user-scoped table (the move tests assert it covers them all, so
 * a table added later needs a row here), with NULLs, Unicode and inexact REALs to checksum.
 */
const T = '2026-01-02T03:04:05.678Z';
const NASTY = "Ingénieur 東京 🚀 '; DROP TABLE users;--";

type Values = Record<string, string | number | null>;

/** Rows per table; `$u` in a string value is replaced by the user id. */
function rowsFor(): Record<string, Values[]> {
  const at = { created_at: T, updated_at: T };
  return {
    users: [{ id: '$u', email: '$u@example.test', first_name: NASTY, last_name: null, ...at }],
    jobs: [
      {
        id: '$u-job1',
        user_id: '$u',
        title: 'SRE',
        company: NASTY,
        description: 'Keeps it up',
        match_score: 0.1 + 0.2,
        added_at: T,
        ...at,
      },
      { id: '$u-job2', user_id: '$u', title: 'Dev', company: 'Edge', required_skills: '["Go"]', added_at: T, ...at },
    ],
    sessions: [{ id: '$u-s1', user_id: '$u', user_agent: NASTY, created_at: T, last_active: T, expires_at: T }],
    session_aliases: [{ id: '$u-alias', user_id: '$u', session_id: '$u-s1', created_at: T, last_active: T }],
    session_revocations: [{ id: '$u-s0', user_id: '$u', revoked_at: T, expires_at: T }],
    oauth_states: [{ id: '$u-oauth-nonce', user_id: '$u', provider: 'linkedin', expires_at: T, created_at: T }],
    job_feedback: [{ id: '$u-fb', user_id: '$u', job_id: '$u-job1', feedback_type: 'thumbs_up', ...at }],
    spam_reports: [
      { id: '$u-spam', user_id: '$u', job_id: '$u-job2', report_type: 'spam', job_title: 'Dev', job_company: 'Edge', created_at: T },
    ],
    applications: [{ id: '$u-app', user_id: '$u', job_id: '$u-job1', job_title: 'SRE', company: NASTY, ...at }],
    tracked_applications: [
      {
        id: '$u-tr',
        user_id: '$u',
        job_id: '$u-job1',
        application_id: '$u-app',
        company: 'Edge',
        job_title: 'SRE',
        match_score: 87.5,
        ...at,
      },
    ],
    work_experience: [{ id: '$u-we', user_id: '$u', title: 'SRE', company: 'Edge', start_date: '2020-01', ...at }],
    work_experience_narratives: [{ id: '$u-nar', user_id: '$u', work_experience_id: '$u-we', narrative: NASTY, ...at }],
    education: [{ id: '$u-edu', user_id: '$u', institution: 'TU Berlin', ...at }],
    skills: [
      { id: '$u-sk1', user_id: '$u', name: 'Go', name_key: 'go', level: 'expert', ...at },
      { id: '$u-sk2', user_id: '$u', name: 'Äpfel', name_key: 'äpfel', ...at },
    ],
    resumes: [{ id: '$u-res', user_id: '$u', file_key: 'users/$u/resumes/cv.pdf', is_primary: 1, ...at }],
    resume_documents: [{ id: '$u-rdoc', user_id: '$u', type: 'master', title: 'CV', ...at }],
    job_preferences: [{ user_id: '$u', salary_min: 1, salary_max: 2, ...at }],
    gap_analyses: [{ id: '$u-gap', user_id: '$u', ...at }],
    gap_analysis_answers: [{ id: '$u-gapq', gap_analysis_id: '$u-gap', user_id: '$u', question_id: 1, question: 'Why?', ...at }],
    security_events: [{ id: '$u-sec', user_id: '$u', action: 'login', status: 'success', metadata: '{"a":1}', created_at: T }],
    files: [{ id: '$u-file', user_id: '$u', bucket: 'avatars', key: 'users/$u/avatars/a.png', content_type: 'image/png', size: 3, ...at }],
    usage_limits: [{ id: '$u-ul', user_id: '$u', kind: 'emails', period_start: T, period_end: T, used: 2, limit_value: 10, ...at }],
    email_history: [{ id: '$u-mail', user_id: '$u', recipient_email: 'a@b.test', subject: NASTY, provider: 'resend', ...at }],
    job_compatibility_analyses: [{ id: '$u-jca', user_id: '$u', job_id: '$u-job1', profile_version: 1, analysis: '{}', ...at }],
    idempotency_keys: [
      {
        id: '$u-idem',
        user_id: '$u',
        scope: 'POST /x',
        idempotency_key: 'k',
        fingerprint: 'f',
        status: 'done',
        created_at: T,
        expires_at: T,
      },
    ],
    job_embeddings: [
      {
        id: '$u-emb',
        user_id: '$u',
        job_id: '$u-job2',
        model: 'bge',
        dimensions: 2,
        content_hash: 'h',
        job_updated_at: T,
        vector: 'AACAPwAAAEA=',
        indexed_at: T,
      },
    ],
    ai_usage_counters: [{ id: '$u-ai', user_id: '$u', day: '2026-01-02', subject: 'p:m', task: 'job_analysis', calls: 3, updated_at: T }],
    job_searches: [{ id: '$u-search', user_id: '$u', keywords: '["go"]', created_at: T }],
    subscriptions: [
      {
        id: '$u-sub',
        user_id: '$u',
        plan: 'premium',
        status: 'active',
        current_period_start: T,
        current_period_end: T,
        ...at,
      },
    ],
    payment_methods: [
      { id: '$u-pm', user_id: '$u', brand: 'visa', last4: '4242', exp_month: 12, exp_year: 2030, added_at: T, updated_at: T },
    ],
    invoices: [{ id: '$u-inv', user_id: '$u', invoice_date: T, amount_cents: 999, status: 'paid', description: 'Premium', created_at: T }],
    usage_caps: [{ user_id: '$u', max_applications: 5, ...at }],
    user_security_settings: [{ user_id: '$u', two_factor_enabled: 1, ...at }],
    job_spam_analyses: [
      {
        id: '$u-jsa',
        user_id: '$u',
        job_id: '$u-job2',
        rules_version: 1,
        spam_probability: 0.3,
        recommendation: 'safe',
        result: '{}',
        analyzed_at: T,
      },
    ],
  };
}

/** Inserts the fixture rows for `userId` (tables in the order above: parents first). */
export async function fillUser(db: D1Database, userId: string): Promise<Set<string>> {
  const statements: D1PreparedStatement[] = [];
  const tables = rowsFor();
  for (const [table, rows] of Object.entries(tables)) {
    for (const row of rows) {
      const columns = Object.keys(row);
      const values = columns.map((c) => (typeof row[c] === 'string' ? (row[c] as string).replaceAll('$u', userId) : row[c]));
      statements.push(
        db
          .prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `?${i + 1}`).join(', ')})`)
          .bind(...values),
      );
    }
  }
  await db.batch(statements);
  return new Set(Object.keys(tables));
}
