/** core Worker: jobs, applications, profile, skills, tracked applications, files (D1 + R2). */
import { createServiceHandler } from '@jobmatch/shared-middleware';
import { coreService, scheduled, type CoreEnv } from './service';

export default {
  fetch: createServiceHandler(coreService),
  scheduled,
} satisfies ExportedHandler<CoreEnv>;
