/**
 * /api/users/* — OAuth sign-in helpers over the caller's own `users` row. A user id other
 * than the caller's answers 404 (never 403: it must not reveal whether that user exists).
 */
import * as v from 'valibot';
import { profile, userDb } from '@jobmatch/db';
import {
  json,
  notFound,
  optionalUrl,
  readJson,
  userOf,
  validate,
  type RouteDocs,
  type ServiceRequest,
  type ServiceRouter,
  strictBody,
} from '@jobmatch/shared-middleware';
import type { CoreEnv } from '../env';

const UserIdParam = v.object({ userId: v.pipe(v.string(), v.minLength(1), v.maxLength(200)) });

/** Optional name text; '' and null count as absent (the frontend sends `name || null`). */
const nameText = v.optional(v.nullable(v.pipe(v.string('must be a string'), v.trim(), v.maxLength(100, 'must be at most 100 characters'))));

const enrichEntries = {
  first_name: nameText,
  last_name: nameText,
  photo_url: optionalUrl(),
  linkedin_url: optionalUrl(),
};
const OAuthProfile = strictBody({
  user_id: v.optional(v.pipe(v.string('must be a string'), v.maxLength(200))),
  email: v.optional(v.pipe(v.string('must be a string'), v.trim(), v.maxLength(320), v.email('must be an email address'))),
  ...enrichEntries,
});
const OAuthEnrich = strictBody(enrichEntries);

/** The caller, when the path names them; 404 for anyone else. */
function ownUser(request: ServiceRequest) {
  const user = userOf(request);
  const { userId } = validate(UserIdParam, request.params, 'path');
  if (userId !== user.userId) throw notFound('User');
  return user;
}

const oauthData = (body: v.InferOutput<typeof OAuthEnrich> & { email?: string }): profile.OAuthProfileData => ({
  email: body.email,
  first_name: body.first_name ?? undefined,
  last_name: body.last_name ?? undefined,
  photo_url: body.photo_url ?? undefined,
  linkedin_url: body.linkedin_url ?? undefined,
});

export function userRoutes(router: ServiceRouter<CoreEnv>): void {
  router
    .get('/api/users/:userId/exists', async (request, env) => {
      const user = ownUser(request);
      // Not cacheableJson: the row appears on the user's first request of any kind (a GET
      // too), which stamps no cache family, so a cached `false` would outlive it.
      return json({ exists: await profile.profileExists(await userDb(env, user.userId), user.userId) });
    })
    .post('/api/users/oauth-profile', async (request, env) => {
      const user = userOf(request);
      const body = await readJson(request, OAuthProfile);
      if (body.user_id !== undefined && body.user_id !== user.userId) throw notFound('User');
      const { created, updated } = await profile.applyOAuthProfile(await userDb(env, user.userId), user, oauthData(body));
      return json({ success: true, created, updated }, 201);
    })
    .patch('/api/users/:userId/oauth-enrich', async (request, env) => {
      const user = ownUser(request);
      const body = await readJson(request, OAuthEnrich);
      const { updated } = await profile.applyOAuthProfile(await userDb(env, user.userId), user, oauthData(body));
      return json({ success: true, updated });
    });
}

export const userDocs: RouteDocs = {
  'GET /api/users/:userId/exists': {
    summary: 'Whether the caller (own id only) has a profile row',
    params: UserIdParam,
    response: { status: 200, schema: v.object({ exists: v.boolean() }) },
  },
  'POST /api/users/oauth-profile': {
    summary: "Create or fill the caller's profile from an OAuth sign-in",
    body: OAuthProfile,
    response: { status: 201, schema: v.looseObject({ success: v.literal(true) }) },
  },
  'PATCH /api/users/:userId/oauth-enrich': {
    summary: 'Fill empty profile fields from an OAuth provider (own id only)',
    params: UserIdParam,
    body: OAuthEnrich,
    response: { status: 200, schema: v.looseObject({ success: v.literal(true), updated: v.boolean() }) },
  },
};
