/** What core adds to the public API document beyond its own routes (see PublicDocs). */
import type { PublicDocs } from '@jobmatch/shared-middleware';
import { docsPage } from './docs-page';
import { ERROR_ENVELOPE_SCHEMA, GATEWAY_OPERATIONS } from './gateway-operations';

export const publicDocs: PublicDocs = {
  document: {
    info: {
      title: 'JobMatch AI API',
      description:
        'The public API of the JobMatch AI gateway. Every error answers the one envelope (ErrorEnvelope). ' +
        'Rate limits are per user and route template (per client IP on public routes); see x-rate-limit.',
    },
    paths: GATEWAY_OPERATIONS,
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A Supabase access token' },
      },
      schemas: { ErrorEnvelope: ERROR_ENVELOPE_SCHEMA },
    },
  },
  page: docsPage,
};
