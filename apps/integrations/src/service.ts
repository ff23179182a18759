/**
 * integrations's service surface: its routes, importable as `@jobmatch/integrations/service` by a
 * composition root (the Worker shell in index.ts, or a single-Worker build).
 */
import type { ServiceDefinition } from '@jobmatch/shared-middleware';
import type { IntegrationsEnv } from './env';
import { emailRoutes } from './routes/emails';
import { exportRoutes } from './routes/exports';
import { jobSourceRoutes } from './routes/job-sources';
import { linkedInRoutes } from './routes/linkedin';

export type { IntegrationsEnv } from './env';

export const integrationsService: ServiceDefinition<IntegrationsEnv> = {
  service: 'integrations',
  version: '0.1.0',
  routes: [linkedInRoutes, emailRoutes, exportRoutes, jobSourceRoutes],
};
