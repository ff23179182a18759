/** core Worker: jobs, applications, profile, skills, tracked applications, files (D1 + R2). */
import { createServiceHandler } from '@jobmatch/shared-middleware';
import type { CoreEnv } from './env';
import { applicationRoutes } from './routes/applications';
import { jobFeedbackRoutes } from './routes/job-feedback';
import { jobRoutes } from './routes/jobs';
import { sessionRoutes } from './routes/sessions';
import { trackedApplicationRoutes } from './routes/tracked-applications';

export default {
  fetch: createServiceHandler<CoreEnv>({
    service: 'core',
    version: '0.1.0',
    routes: [jobRoutes, jobFeedbackRoutes, applicationRoutes, trackedApplicationRoutes, sessionRoutes],
  }),
} satisfies ExportedHandler<CoreEnv>;
