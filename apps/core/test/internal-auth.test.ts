import { SELF, env } from 'cloudflare:test';
import { serviceBoundarySuite } from '@jobmatch/test-support/service-boundary';

serviceBoundarySuite('core', SELF, env.INTERNAL_SIGNING_SECRET);
