/** integrations Worker: LinkedIn OAuth, email, exports, job sources. */
import { createServiceHandler } from '@jobmatch/shared-middleware';
import { integrationsService, type IntegrationsEnv } from './service';

export default {
  fetch: createServiceHandler(integrationsService),
} satisfies ExportedHandler<IntegrationsEnv>;
