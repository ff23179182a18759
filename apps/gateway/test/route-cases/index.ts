/** Every core route's generated-test case, one module per resource (route table → here). */
import { applicationCases } from './applications';
import { jobFeedbackCases } from './job-feedback';
import { jobCases } from './jobs';
import { sessionCases } from './sessions';
import { trackedApplicationCases } from './tracked-applications';
import type { RouteCase } from './types';

export const CORE_ROUTE_CASES: RouteCase[] = [
  ...jobCases,
  ...jobFeedbackCases,
  ...applicationCases,
  ...trackedApplicationCases,
  ...sessionCases,
];

/**
 * Core routes not built yet (issue 4 work in progress). The coverage test accepts these
 * without a case; the list must be empty before issue 4 is resolved.
 */
export const PENDING_CORE_ROUTES: string[] = [
  // profile, skills, security events, users, gap analyses
  'GET /api/profile', 'PATCH /api/profile', 'GET /api/profile/complete',
  'GET /api/profile/work-experience', 'POST /api/profile/work-experience', 'PATCH /api/profile/work-experience/:id', 'DELETE /api/profile/work-experience/:id',
  'GET /api/profile/education', 'POST /api/profile/education', 'PATCH /api/profile/education/:id', 'DELETE /api/profile/education/:id',
  'POST /api/skills/batch', 'GET /api/skills', 'POST /api/skills', 'PATCH /api/skills/:id', 'DELETE /api/skills/:id',
  'POST /api/security-events', 'GET /api/security-events',
  'GET /api/users/:userId/exists', 'POST /api/users/oauth-profile', 'PATCH /api/users/:userId/oauth-enrich',
  'GET /api/gap-analyses', 'POST /api/gap-analyses', 'GET /api/gap-analyses/:id', 'DELETE /api/gap-analyses/:id', 'PATCH /api/gap-analyses/:id/answer',
  // files
  'POST /api/files/upload', 'GET /api/files/download/:key+', 'GET /api/files/:key+/signed-url', 'DELETE /api/files/:key+',
];
