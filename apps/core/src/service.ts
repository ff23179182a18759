/**
 * core's service surface: its routes and scheduled work, importable as `@jobmatch/core/service`
 * by a composition root (the Worker shell in index.ts, or a single-Worker build).
 */
import { shards } from '@jobmatch/db';
import type { ServiceDefinition } from '@jobmatch/shared-middleware';
import type { CoreEnv } from './env';
import { publicDocs } from './public-docs';
import { applicationDocs, applicationRoutes } from './routes/applications';
import { educationDocs, educationRoutes } from './routes/education';
import { gapAnalysisDocs, gapAnalysisRoutes } from './routes/gap-analyses';
import { jobFeedbackDocs, jobFeedbackRoutes } from './routes/job-feedback';
import { fileDocs, fileRoutes } from './routes/files';
import { jobDocs, jobRoutes } from './routes/jobs';
import { profileDocs, profileRoutes } from './routes/profile';
import { securityEventDocs, securityEventRoutes } from './routes/security-events';
import { sessionDocs, sessionRoutes } from './routes/sessions';
import { skillDocs, skillRoutes } from './routes/skills';
import { trackedApplicationDocs, trackedApplicationRoutes } from './routes/tracked-applications';
import { userDocs, userRoutes } from './routes/users';
import { authSessionDocs, authSessionRoutes } from './routes/auth-session';
import { billingDocs, billingRoutes } from './routes/billing';
import { jobQualityDocs, jobQualityRoutes } from './routes/job-quality';
import { narrativeDocs, narrativeRoutes } from './routes/work-experience-narratives';
import { resumeDocs, resumeRoutes } from './routes/resumes';
import { twoFactorDocs, twoFactorRoutes } from './routes/two-factor';
import { usageDocs, usageRoutes } from './routes/usage';
import { workExperienceDocs, workExperienceRoutes } from './routes/work-experience';

export { scheduled } from './scheduled';
export type { CoreEnv } from './env';

export const coreService: ServiceDefinition<CoreEnv> = {
  service: 'core',
  version: '0.1.0',
  // A write refused by the move fence: the retry must read the directory again (it may have switched).
  onUserMoving: shards.clearShardCache,
  routes: [
    // Before jobRoutes and sessionRoutes: more specific paths under /api/jobs and /api/sessions.
    jobQualityRoutes,
    twoFactorRoutes,
    jobRoutes,
    jobFeedbackRoutes,
    applicationRoutes,
    trackedApplicationRoutes,
    fileRoutes,
    sessionRoutes,
    profileRoutes,
    workExperienceRoutes,
    educationRoutes,
    skillRoutes,
    securityEventRoutes,
    userRoutes,
    gapAnalysisRoutes,
    billingRoutes,
    usageRoutes,
    resumeRoutes,
    narrativeRoutes,
    authSessionRoutes,
  ],
  docs: [
    jobDocs,
    jobFeedbackDocs,
    applicationDocs,
    trackedApplicationDocs,
    fileDocs,
    sessionDocs,
    profileDocs,
    workExperienceDocs,
    educationDocs,
    skillDocs,
    securityEventDocs,
    userDocs,
    gapAnalysisDocs,
    // settings, structured resumes, narratives, job quality, session user
    billingDocs,
    usageDocs,
    twoFactorDocs,
    resumeDocs,
    narrativeDocs,
    jobQualityDocs,
    authSessionDocs,
  ],
  // The gateway's own operations, the error envelope and the /api/docs page (gateway bundle budget).
  publicDocs,
};
