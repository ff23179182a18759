/** single Worker: gateway, core, ai and integrations in one Worker (see compose.ts). */
import { fetchSingle, scheduledSingle, type SingleEnv } from './compose';

export { StrictRateLimiter } from '@jobmatch/gateway/service';

export default {
  fetch: fetchSingle,
  scheduled: scheduledSingle,
} satisfies ExportedHandler<SingleEnv>;
