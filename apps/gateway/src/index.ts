/** gateway Worker: the only public entry. See pipeline.ts for the request path. */
import type { GatewayEnv } from './env';
import { handleRequest } from './pipeline';

export { StrictRateLimiter } from './rate-limit';

export default {
  fetch: handleRequest,
} satisfies ExportedHandler<GatewayEnv>;
