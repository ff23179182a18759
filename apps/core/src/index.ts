/** core Worker: jobs, applications, profile, skills, tracked applications, files (D1 + R2). */
import { createServiceHandler } from '@jobmatch/shared-middleware';
import type { CoreEnv } from './env';
import { fileRoutes } from './routes/files';
import { jobRoutes } from './routes/jobs';
import { scheduled } from './scheduled';

export default {
  fetch: createServiceHandler<CoreEnv>({
    service: 'core',
    version: '0.1.0',
    routes: [jobRoutes, fileRoutes],
  }),
  scheduled,
} satisfies ExportedHandler<CoreEnv>;
