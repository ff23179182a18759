/** ai Worker: job analysis, parsing, semantic search, application generation, resume parsing. */
import { createServiceHandler } from '@jobmatch/shared-middleware';
import { aiService, type AiEnv } from './service';

export default {
  fetch: createServiceHandler(aiService),
} satisfies ExportedHandler<AiEnv>;
