/**
 * /api/profile and /api/profile/complete — the user's own row in `users` (created on first read).
 * A photo_url linking the user's own file is answered freshly signed (../files/photo-url.ts).
 */
import * as v from 'valibot';
import { CompleteProfileAnswerSchema, ProfileRowSchema, profile, userDb } from '@jobmatch/db';
import {
  cacheableJson,
  hasSomeField,
  json,
  optionalText,
  optionalUrl,
  readJson,
  userOf,
  type RouteDocs,
  type ServiceRouter,
} from '@jobmatch/shared-middleware';
import type { CoreEnv } from '../env';
import { freshPhotoUrl } from '../files/photo-url';

/** The profile with its photo_url re-signed when it is a link to the user's own file. */
async function withFreshPhoto<P extends { id: string; photo_url: string | null }>(env: CoreEnv, profile: P): Promise<P> {
  return { ...profile, photo_url: await freshPhotoUrl(env, profile.id, profile.photo_url) };
}

const PatchProfile = v.pipe(
  v.strictObject({
    first_name: optionalText(100),
    last_name: optionalText(100),
    phone: optionalText(50),
    location: optionalText(200),
    street_address: optionalText(300),
    city: optionalText(100),
    state: optionalText(100),
    postal_code: optionalText(20),
    country: optionalText(100),
    linkedin_url: optionalUrl(),
    photo_url: optionalUrl(),
    current_title: optionalText(200),
    professional_summary: optionalText(5000),
  }),
  v.check(hasSomeField, 'Send at least one field to update'),
);

export function profileRoutes(router: ServiceRouter<CoreEnv>): void {
  router
    .get('/api/profile', async (request, env) => {
      const user = userOf(request);
      return cacheableJson({ profile: await withFreshPhoto(env, await profile.getOrCreateProfile(await userDb(env, user.userId), user)) });
    })
    .patch('/api/profile', async (request, env) => {
      const patch = await readJson(request, PatchProfile);
      const user = userOf(request);
      return json({ profile: await withFreshPhoto(env, await profile.updateProfile(await userDb(env, user.userId), user, patch)) });
    })
    .get('/api/profile/complete', async (request, env) => {
      const user = userOf(request);
      const complete = await profile.getCompleteProfile(await userDb(env, user.userId), user);
      // Rows as stored: useCompleteProfile JSON.parse()s accomplishments, so they go out as JSON text.
      const workExperience = complete.workExperience.map((w) => ({ ...w, accomplishments: JSON.stringify(w.accomplishments) }));
      return cacheableJson({ ...complete, workExperience, profile: await withFreshPhoto(env, complete.profile) });
    });
}

const ProfileAnswer = v.object({ profile: ProfileRowSchema });

export const profileDocs: RouteDocs = {
  'GET /api/profile': { summary: "The caller's profile (created on first read)", response: { status: 200, schema: ProfileAnswer } },
  'PATCH /api/profile': { summary: "Update the caller's profile", body: PatchProfile, response: { status: 200, schema: ProfileAnswer } },
  'GET /api/profile/complete': {
    summary: 'Profile, work experience, education, skills and resumes in one read (rows as stored: JSON-text fields are strings)',
    response: { status: 200, schema: CompleteProfileAnswerSchema },
  },
};
