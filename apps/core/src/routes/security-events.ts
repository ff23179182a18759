/** /api/security-events — the user's own security audit trail (D1 `security_events`). */
import * as v from 'valibot';
import { SecurityEventRowSchema, securityEvents, userDb } from '@jobmatch/db';
import {
  cacheableJson,
  json,
  jsonWithin,
  optionalText,
  queryInt,
  readJson,
  readQuery,
  requiredText,
  userOf,
  type RouteDocs,
  type ServiceRouter,
  strictBody,
} from '@jobmatch/shared-middleware';
import type { CoreEnv } from '../env';

const METADATA_MAX_BYTES = 8 * 1024;

const CreateEvent = strictBody({
  action: requiredText(100),
  status: v.picklist(securityEvents.SECURITY_EVENT_STATUSES, 'must be success or failed'),
  device: optionalText(200),
  browser: optionalText(200),
  os: optionalText(200),
  location: optionalText(200),
  ip_address: optionalText(64),
  user_agent: optionalText(1000),
  metadata: v.optional(
    v.nullable(
      jsonWithin(
        // An array would pass v.record and come back as {"0": …}: refuse it first.
        v.pipe(
          v.unknown(),
          v.check((x) => typeof x === 'object' && x !== null && !Array.isArray(x), 'must be an object'),
          v.record(v.string(), v.unknown(), 'must be an object'),
        ),
        METADATA_MAX_BYTES,
      ),
    ),
  ),
});

const ListQuery = v.object({ limit: queryInt(1, 100, 20) });

export function securityEventRoutes(router: ServiceRouter<CoreEnv>): void {
  router
    .post('/api/security-events', async (request, env) => {
      const user = userOf(request);
      const body = await readJson(request, CreateEvent);
      // The client may not know its public IP; the gateway does (CF-Connecting-IP).
      const event = await securityEvents.createSecurityEvent(await userDb(env, user.userId), user, {
        ...body,
        ip_address: body.ip_address ?? request.identity.clientIp,
        user_agent: body.user_agent ?? request.headers.get('user-agent')?.slice(0, 1000) ?? null,
      });
      return json({ success: true, event }, 201);
    })
    .get('/api/security-events', async (request, env) => {
      const { userId } = userOf(request);
      const { limit } = readQuery(request, ListQuery);
      return cacheableJson(await securityEvents.listSecurityEvents(await userDb(env, userId), userId, limit));
    });
}

export const securityEventDocs: RouteDocs = {
  'POST /api/security-events': {
    summary: 'Record a security event (sign-in, password change, …)',
    body: CreateEvent,
    response: { status: 201, schema: v.object({ success: v.literal(true), event: SecurityEventRowSchema }) },
  },
  'GET /api/security-events': {
    summary: "The caller's latest security events, newest first",
    query: ListQuery,
    response: { status: 200, schema: v.array(SecurityEventRowSchema) },
  },
};
