/**
 * The gateway's route table: every route of API-CONTRACT.md, which Worker owns it, whether
 * it needs a user, which rate-limit policy applies, how large a body it takes, which API-cache
 * families it reads or writes and what else a successful write must do at the gateway. It is
 * the one home of a route's settings: adding a route is one entry here. Path templates use
 * itty-router syntax (`:id`, greedy `:key+`); more specific paths come first.
 * To find a route's code: this table → apps/<service>/src/routes/<resource>.ts.
 */
export type ServiceName = 'core' | 'ai' | 'integrations';
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type RateLimitPolicyName =
  | 'default'
  | 'public-ip'
  | 'linkedin-callback-ip'
  | 'emails-send'
  | 'applications-generate'
  | 'jobs-scrape'
  | 'jobs-parse'
  | 'resume-parse'
  | 'skills-batch'
  | 'exports'
  | 'linkedin-initiate';

export interface RouteSpec {
  method: HttpMethod;
  path: string;
  service: ServiceName;
  auth: 'required' | 'public';
  rateLimit: RateLimitPolicyName;
  /** Largest accepted request body; default DEFAULT_MAX_BODY_BYTES. */
  maxBodyBytes?: number;
  /** Upstream timeout; default per service (SERVICE_TIMEOUT_MS). */
  timeoutMs?: number;
  /** An alias counts against another route's rate-limit counter (`METHOD /template`). */
  countAs?: string;
  /**
   * API-cache resource families a cached GET of this route reads; default: the path's first
   * segment after /api/ (cache/families.ts). List more when the answer joins other resources.
   */
  cacheReads?: readonly string[];
  /**
   * Families a write to this route may change (stamped after a 2xx/5xx); default as above.
   * `[]` for read-only POSTs; more when FKs or side effects rewrite other resources.
   */
  cacheWrites?: readonly string[];
  /** Gateway-side effects of a write that may have changed data (after the cache stamps). */
  afterWrite?: WriteSideEffect;
}

/** `forget-sessions`: drop this isolate's session memo of the user (a revocation just happened). */
export type WriteSideEffect = 'forget-sessions';

export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;
const MB = 1024 * 1024;
/** 10 MB file plus room for the multipart envelope and the other form fields. */
const UPLOAD_MAX_BODY_BYTES = 10 * MB + 64 * 1024;

export const SERVICE_TIMEOUT_MS: Record<ServiceName, number> = {
  core: 10_000,
  ai: 60_000, // model calls
  integrations: 30_000, // third-party APIs
};

type Options = Partial<
  Pick<RouteSpec, 'rateLimit' | 'maxBodyBytes' | 'timeoutMs' | 'countAs' | 'cacheReads' | 'cacheWrites' | 'afterWrite'>
>;
const authed = (method: HttpMethod, path: string, service: ServiceName, o: Options = {}): RouteSpec => ({
  method,
  path,
  service,
  auth: 'required',
  rateLimit: 'default',
  ...o,
});
const publicRoute = (method: HttpMethod, path: string, service: ServiceName, o: Options = {}): RouteSpec => ({
  method,
  path,
  service,
  auth: 'public',
  rateLimit: 'public-ip',
  ...o,
});

export const ROUTES: readonly RouteSpec[] = [
  // ---- ai: paths under /api/jobs that must win over /api/jobs/:id ----
  authed('POST', '/api/jobs/parse', 'ai', { rateLimit: 'jobs-parse', cacheWrites: [] }),
  authed('POST', '/api/jobs/search', 'ai', { cacheWrites: [] }), // read-only
  authed('POST', '/api/jobs/:id/analyze', 'ai'),
  // ---- integrations: job sources ----
  authed('POST', '/api/jobs/scrape', 'integrations', { rateLimit: 'jobs-scrape', cacheWrites: ['jobs'] }), // stores jobs

  // ---- core: jobs ----
  authed('GET', '/api/jobs', 'core'),
  authed('POST', '/api/jobs', 'core'),
  authed('GET', '/api/jobs/:id', 'core'),
  authed('PATCH', '/api/jobs/:id', 'core'),
  // FKs ON DELETE SET NULL: deleting a job rewrites the applications and tracker rows linked to it.
  authed('DELETE', '/api/jobs/:id', 'core', { cacheWrites: ['jobs', 'applications', 'tracked-applications'] }),
  authed('POST', '/api/jobs/:id/feedback', 'core'),
  authed('GET', '/api/jobs/:id/feedback', 'core'),
  authed('GET', '/api/jobs/:id/duplicates', 'core', { cacheReads: ['jobs'] }), // computed from the user's jobs

  // ---- applications (generate is ai, the rest core) ----
  // Generated applications are stored in core's applications family.
  authed('POST', '/api/applications/generate', 'ai', { rateLimit: 'applications-generate', cacheWrites: ['applications'] }),
  authed('GET', '/api/applications', 'core'),
  authed('POST', '/api/applications', 'core'),
  authed('GET', '/api/applications/:id', 'core'),
  authed('PATCH', '/api/applications/:id', 'core'),
  authed('DELETE', '/api/applications/:id', 'core', { cacheWrites: ['applications', 'tracked-applications'] }),

  // ---- core: profile ----
  // The profile row carries profile_version, which skills writes bump too.
  authed('GET', '/api/profile', 'core', { cacheReads: ['profile', 'skills'] }),
  authed('PATCH', '/api/profile', 'core'),
  // The aggregate view: profile (with work experience, education), skills, resumes.
  authed('GET', '/api/profile/complete', 'core', { cacheReads: ['profile', 'skills'] }),
  authed('GET', '/api/profile/work-experience', 'core'),
  authed('POST', '/api/profile/work-experience', 'core'),
  authed('PATCH', '/api/profile/work-experience/:id', 'core'),
  authed('DELETE', '/api/profile/work-experience/:id', 'core'),
  authed('GET', '/api/profile/education', 'core'),
  authed('POST', '/api/profile/education', 'core'),
  authed('PATCH', '/api/profile/education/:id', 'core'),
  authed('DELETE', '/api/profile/education/:id', 'core'),
  authed('GET', '/api/profile/work-experience-narratives', 'core'),
  authed('POST', '/api/profile/work-experience-narratives', 'core'),
  authed('DELETE', '/api/profile/work-experience-narratives/:id', 'core'),

  // ---- core: skills ----
  authed('POST', '/api/skills/batch', 'core', { rateLimit: 'skills-batch' }),
  authed('GET', '/api/skills', 'core'),
  authed('POST', '/api/skills', 'core'),
  authed('PATCH', '/api/skills/:id', 'core'),
  authed('DELETE', '/api/skills/:id', 'core'),

  // ---- core: tracked applications ----
  authed('GET', '/api/tracked-applications/active', 'core'),
  authed('GET', '/api/tracked-applications', 'core'),
  authed('POST', '/api/tracked-applications', 'core'),
  authed('GET', '/api/tracked-applications/:id', 'core'),
  authed('PATCH', '/api/tracked-applications/:id', 'core'),
  authed('DELETE', '/api/tracked-applications/:id', 'core'),
  authed('POST', '/api/tracked-applications/:id/archive', 'core'),
  authed('POST', '/api/tracked-applications/:id/unarchive', 'core'),
  authed('PATCH', '/api/tracked-applications/:id/archive', 'core'),
  authed('PATCH', '/api/tracked-applications/:id/unarchive', 'core'),

  // ---- core: security events, users, gap analyses ----
  authed('POST', '/api/security-events', 'core'),
  authed('GET', '/api/security-events', 'core'),
  authed('GET', '/api/users/:userId/exists', 'core'),
  authed('POST', '/api/users/oauth-profile', 'core', { cacheWrites: ['profile'] }),
  authed('PATCH', '/api/users/:userId/oauth-enrich', 'core', { cacheWrites: ['profile'] }),
  authed('GET', '/api/gap-analyses', 'core'),
  authed('POST', '/api/gap-analyses', 'core', { maxBodyBytes: 1 * MB }),
  authed('GET', '/api/gap-analyses/:id', 'core'),
  authed('DELETE', '/api/gap-analyses/:id', 'core'),
  authed('PATCH', '/api/gap-analyses/:id/answer', 'core'),

  // ---- core: files (keys contain slashes: users/{userId}/…) ----
  // An upload to the resumes bucket may be listed as a resume by /api/profile/complete.
  authed('POST', '/api/files/upload', 'core', {
    maxBodyBytes: UPLOAD_MAX_BODY_BYTES,
    timeoutMs: 60_000,
    cacheWrites: ['files', 'profile'],
  }),
  authed('GET', '/api/files/download/:key+', 'core', { timeoutMs: 60_000 }),
  // A signed URL (?key=&expires=&signature=) authorises itself: no user, core checks the HMAC.
  publicRoute('GET', '/api/files/signed', 'core', { timeoutMs: 60_000 }),
  authed('GET', '/api/files/:key+/signed-url', 'core'),
  authed('DELETE', '/api/files/:key+', 'core', { cacheWrites: ['files', 'profile'] }),

  // ---- core: settings (billing, usage, 2FA), structured resumes, job quality, session user ----
  authed('GET', '/api/billing/subscription', 'core'),
  authed('PATCH', '/api/billing/subscription', 'core', { cacheWrites: [] }), // 501 until a payment provider; nothing cached reads it
  authed('GET', '/api/billing/usage-limits', 'core'),
  authed('PATCH', '/api/billing/usage-limits', 'core', { cacheWrites: [] }), // billing answers are never cached
  authed('GET', '/api/billing/invoices', 'core'),
  authed('GET', '/api/billing/payment-methods', 'core'),
  authed('GET', '/api/usage/metrics', 'core'),
  authed('GET', '/api/sessions/users/:userId/2fa-settings', 'core'),
  authed('GET', '/api/resume', 'core'),
  authed('POST', '/api/resume', 'core', { cacheWrites: ['resume', 'profile'] }), // also the resumes of /api/profile/complete
  authed('PATCH', '/api/resume/:id', 'core', { cacheWrites: ['resume', 'profile'] }),
  authed('DELETE', '/api/resume/:id', 'core', { cacheWrites: ['resume', 'profile'] }),
  authed('GET', '/api/spam-detection/stats', 'core'),
  authed('POST', '/api/spam-detection/analyze/:jobId', 'core', { cacheWrites: [] }), // job-quality answers are never cached
  authed('GET', '/api/auth/session', 'core'),

  // ---- core: sessions ----
  authed('GET', '/api/sessions', 'core'),
  authed('POST', '/api/sessions', 'core'),
  authed('GET', '/api/sessions/:sessionId', 'core'),
  authed('PATCH', '/api/sessions/:sessionId', 'core'),
  authed('DELETE', '/api/sessions/:sessionId', 'core', { afterWrite: 'forget-sessions' }),
  authed('DELETE', '/api/sessions', 'core', { afterWrite: 'forget-sessions' }),

  // ---- ai ----
  authed('POST', '/api/resume/parse', 'ai', { rateLimit: 'resume-parse', cacheWrites: [] }),
  publicRoute('GET', '/api/resume/supported-formats', 'ai'),
  authed('POST', '/api/resume/analyze-gaps', 'ai', { maxBodyBytes: 1 * MB, cacheWrites: [] }),
  authed('GET', '/api/analytics/workers-ai', 'ai'),
  authed('GET', '/api/analytics/cache', 'ai'),
  authed('GET', '/api/analytics/models', 'ai'),
  authed('GET', '/api/analytics/cost-savings', 'ai'),

  // ---- integrations ----
  authed('GET', '/api/auth/linkedin/initiate', 'integrations', { rateLimit: 'linkedin-initiate' }),
  // The alias shares the initiate route's budget (one 5 / 15 min, not two).
  authed('GET', '/api/auth/linkedin', 'integrations', { rateLimit: 'linkedin-initiate', countAs: 'GET /api/auth/linkedin/initiate' }),
  publicRoute('GET', '/api/auth/linkedin/callback', 'integrations', { rateLimit: 'linkedin-callback-ip' }),
  authed('POST', '/api/emails/send', 'integrations', { rateLimit: 'emails-send' }),
  authed('GET', '/api/emails/history', 'integrations'),
  authed('GET', '/api/emails/remaining', 'integrations'),
  authed('POST', '/api/exports/pdf', 'integrations', { rateLimit: 'exports' }),
  authed('POST', '/api/exports/docx', 'integrations', { rateLimit: 'exports' }),
  authed('POST', '/api/exports/text', 'integrations', { rateLimit: 'exports' }),
];
