/** core Worker: jobs, applications, profile, skills, tracked applications, files (D1 + R2). */
import { createServiceHandler } from '@jobmatch/shared-middleware';
import type { CoreEnv } from './env';
import { educationRoutes } from './routes/education';
import { gapAnalysisRoutes } from './routes/gap-analyses';
import { jobRoutes } from './routes/jobs';
import { profileRoutes } from './routes/profile';
import { securityEventRoutes } from './routes/security-events';
import { skillRoutes } from './routes/skills';
import { userRoutes } from './routes/users';
import { workExperienceRoutes } from './routes/work-experience';

export default {
  fetch: createServiceHandler<CoreEnv>({
    service: 'core',
    version: '0.1.0',
    routes: [
      jobRoutes,
      profileRoutes,
      workExperienceRoutes,
      educationRoutes,
      skillRoutes,
      securityEventRoutes,
      userRoutes,
      gapAnalysisRoutes,
    ],
  }),
} satisfies ExportedHandler<CoreEnv>;
