/** core Worker: jobs, applications, profile, skills, tracked applications, files (D1 + R2). */
import { createServiceHandler } from '@jobmatch/shared-middleware';
import type { CoreEnv } from './env';
import { applicationRoutes } from './routes/applications';
import { jobFeedbackRoutes } from './routes/job-feedback';
import { fileRoutes } from './routes/files';
import { jobRoutes } from './routes/jobs';
import { sessionRoutes } from './routes/sessions';
import { trackedApplicationRoutes } from './routes/tracked-applications';
import { scheduled } from './scheduled';

export default {
  fetch: createServiceHandler<CoreEnv>({
    service: 'core',
    version: '0.1.0',
    routes: [jobRoutes, jobFeedbackRoutes, applicationRoutes, trackedApplicationRoutes, fileRoutes, sessionRoutes],
  }),
  scheduled,
} satisfies ExportedHandler<CoreEnv>;
