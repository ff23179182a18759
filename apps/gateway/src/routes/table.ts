/**
 * The gateway's route table: every route of API-CONTRACT.md, which Worker owns it, whether
 * it needs a user, which rate-limit policy applies and how large a body it takes. Path
 * templates use itty-router syntax (`:id`, greedy `:key+`); more specific paths come first.
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
}

export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;
const MB = 1024 * 1024;
/** 10 MB file plus room for the multipart envelope and the other form fields. */
const UPLOAD_MAX_BODY_BYTES = 10 * MB + 64 * 1024;

export const SERVICE_TIMEOUT_MS: Record<ServiceName, number> = {
  core: 10_000,
  ai: 60_000, // model calls
  integrations: 30_000, // third-party APIs
};

type Options = Partial<Pick<RouteSpec, 'rateLimit' | 'maxBodyBytes' | 'timeoutMs' | 'countAs'>>;
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
  authed('POST', '/api/jobs/parse', 'ai', { rateLimit: 'jobs-parse' }),
  authed('POST', '/api/jobs/search', 'ai'),
  authed('POST', '/api/jobs/:id/analyze', 'ai'),
  // ---- integrations: job sources ----
  authed('POST', '/api/jobs/scrape', 'integrations', { rateLimit: 'jobs-scrape' }),

  // ---- core: jobs ----
  authed('GET', '/api/jobs', 'core'),
  authed('POST', '/api/jobs', 'core'),
  authed('GET', '/api/jobs/:id', 'core'),
  authed('PATCH', '/api/jobs/:id', 'core'),
  authed('DELETE', '/api/jobs/:id', 'core'),
  authed('POST', '/api/jobs/:id/feedback', 'core'),
  authed('GET', '/api/jobs/:id/feedback', 'core'),
  authed('GET', '/api/jobs/:id/duplicates', 'core'),

  // ---- applications (generate is ai, the rest core) ----
  authed('POST', '/api/applications/generate', 'ai', { rateLimit: 'applications-generate' }),
  authed('GET', '/api/applications', 'core'),
  authed('POST', '/api/applications', 'core'),
  authed('GET', '/api/applications/:id', 'core'),
  authed('PATCH', '/api/applications/:id', 'core'),
  authed('DELETE', '/api/applications/:id', 'core'),

  // ---- core: profile ----
  authed('GET', '/api/profile', 'core'),
  authed('PATCH', '/api/profile', 'core'),
  authed('GET', '/api/profile/complete', 'core'),
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
  authed('POST', '/api/users/oauth-profile', 'core'),
  authed('PATCH', '/api/users/:userId/oauth-enrich', 'core'),
  authed('GET', '/api/gap-analyses', 'core'),
  authed('POST', '/api/gap-analyses', 'core', { maxBodyBytes: 1 * MB }),
  authed('GET', '/api/gap-analyses/:id', 'core'),
  authed('DELETE', '/api/gap-analyses/:id', 'core'),
  authed('PATCH', '/api/gap-analyses/:id/answer', 'core'),

  // ---- core: files (keys contain slashes: users/{userId}/…) ----
  authed('POST', '/api/files/upload', 'core', { maxBodyBytes: UPLOAD_MAX_BODY_BYTES, timeoutMs: 60_000 }),
  authed('GET', '/api/files/download/:key+', 'core', { timeoutMs: 60_000 }),
  // A signed URL (?key=&expires=&signature=) authorises itself: no user, core checks the HMAC.
  publicRoute('GET', '/api/files/signed', 'core', { timeoutMs: 60_000 }),
  authed('GET', '/api/files/:key+/signed-url', 'core'),
  authed('DELETE', '/api/files/:key+', 'core'),

  // ---- core: settings (billing, usage, 2FA), structured resumes, job quality, session user ----
  authed('GET', '/api/billing/subscription', 'core'),
  authed('PATCH', '/api/billing/subscription', 'core'),
  authed('GET', '/api/billing/usage-limits', 'core'),
  authed('PATCH', '/api/billing/usage-limits', 'core'),
  authed('GET', '/api/billing/invoices', 'core'),
  authed('GET', '/api/billing/payment-methods', 'core'),
  authed('GET', '/api/usage/metrics', 'core'),
  authed('GET', '/api/sessions/users/:userId/2fa-settings', 'core'),
  authed('GET', '/api/resume', 'core'),
  authed('POST', '/api/resume', 'core'),
  authed('PATCH', '/api/resume/:id', 'core'),
  authed('DELETE', '/api/resume/:id', 'core'),
  authed('GET', '/api/spam-detection/stats', 'core'),
  authed('POST', '/api/spam-detection/analyze/:jobId', 'core'),
  authed('GET', '/api/auth/session', 'core'),

  // ---- core: sessions ----
  authed('GET', '/api/sessions', 'core'),
  authed('POST', '/api/sessions', 'core'),
  authed('GET', '/api/sessions/:sessionId', 'core'),
  authed('PATCH', '/api/sessions/:sessionId', 'core'),
  authed('DELETE', '/api/sessions/:sessionId', 'core'),
  authed('DELETE', '/api/sessions', 'core'),

  // ---- ai ----
  authed('POST', '/api/resume/parse', 'ai', { rateLimit: 'resume-parse' }),
  publicRoute('GET', '/api/resume/supported-formats', 'ai'),
  authed('POST', '/api/resume/analyze-gaps', 'ai', { maxBodyBytes: 1 * MB }),
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
