/**
 * ai's service surface: its routes, importable as `@jobmatch/ai/service` by a
 * composition root (the Worker shell in index.ts, or a single-Worker build).
 */
import type { ServiceDefinition } from '@jobmatch/shared-middleware';
import type { AiEnv } from './env';

export type { AiEnv } from './env';

export const aiService: ServiceDefinition<AiEnv> = {
  service: 'ai',
  version: '0.1.0',
  routes: [],
};
