/**
 * integrations's service surface: its routes, importable as `@jobmatch/integrations/service` by a
 * composition root (the Worker shell in index.ts, or a single-Worker build).
 */
import { shards } from '@jobmatch/db';
import type { ServiceDefinition } from '@jobmatch/shared-middleware';
import type { IntegrationsEnv } from './env';
import { emailDocs, emailRoutes } from './routes/emails';
import { exportDocs, exportRoutes } from './routes/exports';
import { jobSourceDocs, jobSourceRoutes } from './routes/job-sources';
import { linkedInDocs, linkedInRoutes } from './routes/linkedin';
import { configuredSources } from './job-sources/search';

export type { IntegrationsEnv } from './env';

export const integrationsService: ServiceDefinition<IntegrationsEnv> = {
  service: 'integrations',
  version: '0.1.0',
  // A write refused by the move fence: the retry must read the directory again (it may have switched).
  onUserMoving: shards.clearShardCache,
  routes: [linkedInRoutes, emailRoutes, exportRoutes, jobSourceRoutes],
  docs: [linkedInDocs, emailDocs, exportDocs, jobSourceDocs],
  // Which integrations this deployment has switched on (no secrets, only whether they are set).
  health: (env) => ({
    integrations: {
      linkedin: Boolean(env.LINKEDIN_CLIENT_ID && env.LINKEDIN_CLIENT_SECRET),
      email: Boolean(env.SENDGRID_API_KEY && env.EMAIL_FROM),
      exports: Boolean(env.PUBLIC_API_URL),
      jobSources: configuredSources(env),
    },
  }),
};
