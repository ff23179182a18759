/** gateway Worker: the only public entry. See pipeline.ts for the request path. */
import { handleRequest, type GatewayEnv } from './service';

export { StrictRateLimiter } from './service';

export default {
  fetch: handleRequest,
} satisfies ExportedHandler<GatewayEnv>;
