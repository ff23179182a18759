/**
 * ai's service surface: its routes, importable as `@jobmatch/ai/service` by a
 * composition root (the Worker shell in index.ts, or a single-Worker build).
 */
import { shards } from '@jobmatch/db';
import type { ServiceDefinition } from '@jobmatch/shared-middleware';
import type { AiEnv } from './env';
import { providerSummary } from './providers/config';
import { analyticsDocs, analyticsRoutes } from './routes/analytics';
import { applicationDocs, applicationRoutes } from './routes/applications';
import { jobDocs, jobRoutes } from './routes/jobs';
import { resumeDocs, resumeRoutes } from './routes/resume';

export type { AiEnv } from './env';

export const aiService: ServiceDefinition<AiEnv> = {
  service: 'ai',
  version: '0.2.0',
  // A write refused by the move fence: the retry must read the directory again (it may have switched).
  onUserMoving: shards.clearShardCache,
  routes: [jobRoutes, applicationRoutes, resumeRoutes, analyticsRoutes],
  docs: [jobDocs, applicationDocs, resumeDocs, analyticsDocs],
  health: (env) => ({ providers: providerSummary(env) }),
};
