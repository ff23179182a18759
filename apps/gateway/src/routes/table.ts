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
/**
 * Authenticated routes of `service`, one per method of `methods` (same path, same options): a
 * user is required, the `default` policy unless `o.rateLimit`.
 */
const authed =
  (service: ServiceName) =>
  (methods: HttpMethod | HttpMethod[], path: string, o: Options = {}): RouteSpec[] =>
    [methods].flat().map((method) => ({ method, path, service, auth: 'required', rateLimit: 'default', ...o }));
// One constructor per service, so a route names its service once per helper rather than on every
// line, and a path shared by several methods is written once (≈ 0.6 + 0.7 KiB of the gateway
// bundle's 60 KiB budget). Every route is authenticated unless declared with publicRoute.
const core = authed('core');
const ai = authed('ai');
const integrations = authed('integrations');
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
  ai('POST', '/api/jobs/parse', { rateLimit: 'jobs-parse', cacheWrites: [] }),
  ai('POST', '/api/jobs/search', { cacheWrites: [] }), // read-only
  ai('POST', '/api/jobs/:id/analyze'),
  // ---- integrations: job sources ----
  integrations('POST', '/api/jobs/scrape', { rateLimit: 'jobs-scrape', cacheWrites: ['jobs'] }), // stores jobs

  // ---- core: jobs ----
  core(['GET', 'POST'], '/api/jobs'),
  core(['GET', 'PATCH'], '/api/jobs/:id'),
  // FKs ON DELETE SET NULL: deleting a job rewrites the applications and tracker rows linked to it.
  core('DELETE', '/api/jobs/:id', { cacheWrites: ['jobs', 'applications', 'tracked-applications'] }),
  core(['POST', 'GET'], '/api/jobs/:id/feedback'),
  core('GET', '/api/jobs/:id/duplicates', { cacheReads: ['jobs'] }), // computed from the user's jobs

  // ---- applications (generate is ai, the rest core) ----
  // Generated applications are stored in core's applications family.
  ai('POST', '/api/applications/generate', { rateLimit: 'applications-generate', cacheWrites: ['applications'] }),
  core(['GET', 'POST'], '/api/applications'),
  core(['GET', 'PATCH'], '/api/applications/:id'),
  core('DELETE', '/api/applications/:id', { cacheWrites: ['applications', 'tracked-applications'] }),

  // ---- core: profile ----
  // The profile row carries profile_version, which skills writes bump too.
  core('GET', '/api/profile', { cacheReads: ['profile', 'skills'] }),
  core('PATCH', '/api/profile'),
  // The aggregate view: profile (with work experience, education), skills, resumes.
  core('GET', '/api/profile/complete', { cacheReads: ['profile', 'skills'] }),
  core(['GET', 'POST'], '/api/profile/work-experience'),
  core(['PATCH', 'DELETE'], '/api/profile/work-experience/:id'),
  core(['GET', 'POST'], '/api/profile/education'),
  core(['PATCH', 'DELETE'], '/api/profile/education/:id'),
  core(['GET', 'POST'], '/api/profile/work-experience-narratives'),
  core('DELETE', '/api/profile/work-experience-narratives/:id'),

  // ---- core: skills ----
  core('POST', '/api/skills/batch', { rateLimit: 'skills-batch' }),
  core(['GET', 'POST'], '/api/skills'),
  core(['PATCH', 'DELETE'], '/api/skills/:id'),

  // ---- core: tracked applications ----
  core('GET', '/api/tracked-applications/active'),
  core(['GET', 'POST'], '/api/tracked-applications'),
  core(['GET', 'PATCH', 'DELETE'], '/api/tracked-applications/:id'),
  core(['POST', 'PATCH'], '/api/tracked-applications/:id/archive'),
  core(['POST', 'PATCH'], '/api/tracked-applications/:id/unarchive'),

  // ---- core: security events, users, gap analyses ----
  core(['POST', 'GET'], '/api/security-events'),
  core('GET', '/api/users/:userId/exists'),
  core('POST', '/api/users/oauth-profile', { cacheWrites: ['profile'] }),
  core('PATCH', '/api/users/:userId/oauth-enrich', { cacheWrites: ['profile'] }),
  core('GET', '/api/gap-analyses'),
  core('POST', '/api/gap-analyses', { maxBodyBytes: 1 * MB }),
  core(['GET', 'DELETE'], '/api/gap-analyses/:id'),
  core('PATCH', '/api/gap-analyses/:id/answer'),

  // ---- core: files (keys contain slashes: users/{userId}/…) ----
  // An upload to the resumes bucket may be listed as a resume by /api/profile/complete.
  core('POST', '/api/files/upload', {
    maxBodyBytes: UPLOAD_MAX_BODY_BYTES,
    timeoutMs: 60_000,
    cacheWrites: ['files', 'profile'],
  }),
  core('GET', '/api/files/download/:key+', { timeoutMs: 60_000 }),
  // A signed URL (?key=&expires=&signature=) authorises itself: no user, core checks the HMAC.
  publicRoute('GET', '/api/files/signed', 'core', { timeoutMs: 60_000 }),
  core('GET', '/api/files/:key+/signed-url'),
  core('DELETE', '/api/files/:key+', { cacheWrites: ['files', 'profile'] }),

  // ---- core: settings (billing, usage, 2FA), structured resumes, job quality, session user ----
  core('GET', '/api/billing/subscription'),
  core('PATCH', '/api/billing/subscription', { cacheWrites: [] }), // 501 until a payment provider; nothing cached reads it
  core('GET', '/api/billing/usage-limits'),
  core('PATCH', '/api/billing/usage-limits', { cacheWrites: [] }), // billing answers are never cached
  core('GET', '/api/billing/invoices'),
  core('GET', '/api/billing/payment-methods'),
  core('GET', '/api/usage/metrics'),
  core('GET', '/api/sessions/users/:userId/2fa-settings'),
  core('GET', '/api/resume'),
  core('POST', '/api/resume', { cacheWrites: ['resume', 'profile'] }), // also the resumes of /api/profile/complete
  core('PATCH', '/api/resume/:id', { cacheWrites: ['resume', 'profile'] }),
  core('DELETE', '/api/resume/:id', { cacheWrites: ['resume', 'profile'] }),
  core('GET', '/api/spam-detection/stats'),
  core('POST', '/api/spam-detection/analyze/:jobId', { cacheWrites: [] }), // job-quality answers are never cached
  core('GET', '/api/auth/session'),

  // ---- core: sessions ----
  core(['GET', 'POST'], '/api/sessions'),
  core(['GET', 'PATCH'], '/api/sessions/:sessionId'),
  core('DELETE', '/api/sessions/:sessionId', { afterWrite: 'forget-sessions' }),
  core('DELETE', '/api/sessions', { afterWrite: 'forget-sessions' }),

  // ---- ai ----
  ai('POST', '/api/resume/parse', { rateLimit: 'resume-parse', cacheWrites: [] }),
  publicRoute('GET', '/api/resume/supported-formats', 'ai'),
  ai('POST', '/api/resume/analyze-gaps', { maxBodyBytes: 1 * MB, cacheWrites: [] }),
  ai('GET', '/api/analytics/workers-ai'),
  ai('GET', '/api/analytics/cache'),
  ai('GET', '/api/analytics/models'),
  ai('GET', '/api/analytics/cost-savings'),

  // ---- integrations ----
  integrations('GET', '/api/auth/linkedin/initiate', { rateLimit: 'linkedin-initiate' }),
  // The alias shares the initiate route's budget (one 5 / 15 min, not two).
  integrations('GET', '/api/auth/linkedin', { rateLimit: 'linkedin-initiate', countAs: 'GET /api/auth/linkedin/initiate' }),
  publicRoute('GET', '/api/auth/linkedin/callback', 'integrations', { rateLimit: 'linkedin-callback-ip' }),
  integrations('POST', '/api/emails/send', { rateLimit: 'emails-send' }),
  integrations('GET', '/api/emails/history'),
  integrations('GET', '/api/emails/remaining'),
  integrations('POST', '/api/exports/pdf', { rateLimit: 'exports' }),
  integrations('POST', '/api/exports/docx', { rateLimit: 'exports' }),
  integrations('POST', '/api/exports/text', { rateLimit: 'exports' }),
].flat();
