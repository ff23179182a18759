/** core Worker: jobs, applications, profile, skills, tracked applications, files (D1 + R2). */
import { createServiceHandler } from '@jobmatch/shared-middleware';
import type { CoreEnv } from './env';
import { jobRoutes } from './routes/jobs';
import { sessionRoutes } from './routes/sessions';

export default {
  fetch: createServiceHandler<CoreEnv>({
    service: 'core',
    version: '0.1.0',
    routes: [jobRoutes, sessionRoutes],
  }),
} satisfies ExportedHandler<CoreEnv>;
