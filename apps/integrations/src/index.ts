/** integrations Worker. Routes of API-CONTRACT.md not implemented yet answer 404 NOT_FOUND. */
import { createServiceHandler } from '@jobmatch/shared-middleware';
import type { IntegrationsEnv } from './env';

export default {
  fetch: createServiceHandler<IntegrationsEnv>({
    service: 'integrations',
    version: '0.1.0',
    routes: [],
  }),
} satisfies ExportedHandler<IntegrationsEnv>;
