/**
 * GET /api/auth/session — workersApi.getSession: who the verified token belongs to.
 * Answers `{user: {id, email, firstName, lastName}, session: {id}}`. The token itself is not
 * echoed: the gateway strips Authorization before any service sees it, and the client already
 * holds its token (Supabase's session is the source of truth for it).
 */
import * as v from 'valibot';
import { account, userDb } from '@jobmatch/db';
import { json, nullableString, userOf, type RouteDocs, type ServiceRouter } from '@jobmatch/shared-middleware';
import type { CoreEnv } from '../env';

export function authSessionRoutes(router: ServiceRouter<CoreEnv>): void {
  router.get('/api/auth/session', async (request, env) => {
    const { userId, email, sessionId } = userOf(request);
    const stored = await account.getSessionUser(await userDb(env, userId), userId);
    return json({
      user: { id: userId, email: email ?? stored?.email ?? null, firstName: stored?.firstName ?? null, lastName: stored?.lastName ?? null },
      session: { id: sessionId },
    });
  });
}

export const authSessionDocs: RouteDocs = {
  'GET /api/auth/session': {
    summary: 'Who the verified token belongs to (the token itself is not echoed)',
    response: {
      status: 200,
      schema: v.object({
        user: v.looseObject({ id: v.string(), email: nullableString(), firstName: nullableString(), lastName: nullableString() }),
        session: v.looseObject({ id: nullableString() }),
      }),
    },
  },
};
