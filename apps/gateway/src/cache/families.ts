/**
 * Resource families for the API cache: a cached GET is tagged with the families it reads, a
 * successful write bumps the families it changes. By default a route's family is its first
 * path segment after /api/ (jobs, applications, profile, skills, …); the table below lists
 * the routes that read or write more — or less — than that.
 */
import type { RouteSpec } from '../routes/table';

const READS: Record<string, string[]> = {
  // The aggregate view reads profile (incl. work experience, education) and skills.
  'GET /api/profile/complete': ['profile', 'skills'],
  // The profile row carries profile_version, which skills writes bump too.
  'GET /api/profile': ['profile', 'skills'],
  // Duplicates are computed from the user's jobs: any job write invalidates them.
  'GET /api/jobs/:id/duplicates': ['jobs'],
};

const WRITES: Record<string, string[]> = {
  // FKs with ON DELETE SET NULL: deleting a job or an application rewrites the rows that link to it.
  'DELETE /api/jobs/:id': ['jobs', 'applications', 'tracked-applications'],
  'DELETE /api/applications/:id': ['applications', 'tracked-applications'],
  // Writes to the profile made through the users endpoints.
  'POST /api/users/oauth-profile': ['profile'],
  'PATCH /api/users/:userId/oauth-enrich': ['profile'],
  // Read-only POSTs: nothing to invalidate.
  'POST /api/jobs/search': [],
  'POST /api/jobs/parse': [],
  'POST /api/resume/parse': [],
  'POST /api/resume/analyze-gaps': [],
  // Generated applications are stored by core's applications family.
  'POST /api/applications/generate': ['applications'],
  // A scrape stores jobs.
  'POST /api/jobs/scrape': ['jobs'],
  // Uploads to the resumes bucket may be listed as resumes by /api/profile/complete.
  'POST /api/files/upload': ['files', 'profile'],
  'DELETE /api/files/:key+': ['files', 'profile'],
  // Structured resumes are also the `resumes` of /api/profile/complete (family profile).
  'POST /api/resume': ['resume', 'profile'],
  'PATCH /api/resume/:id': ['resume', 'profile'],
  'DELETE /api/resume/:id': ['resume', 'profile'],
  // Writes that no cached GET reads (billing and job-quality answers are never cached): no stamp, no KV write.
  'PATCH /api/billing/subscription': [],
  'PATCH /api/billing/usage-limits': [],
  'POST /api/spam-detection/analyze/:jobId': [],
};

const defaultFamily = (path: string) => path.split('/')[2] ?? 'root';
const keyOf = (spec: RouteSpec) => `${spec.method} ${spec.path}`;

export function familiesRead(spec: RouteSpec): string[] {
  return READS[keyOf(spec)] ?? [defaultFamily(spec.path)];
}

export function familiesWritten(spec: RouteSpec): string[] {
  return WRITES[keyOf(spec)] ?? [defaultFamily(spec.path)];
}
