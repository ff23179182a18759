/** POST /api/applications/generate — three variants for one job, stored as a draft; Idempotency-Key honoured. */
import * as v from 'valibot';
import { idempotency, storageQuotaDescription, users, userDb } from '@jobmatch/db';
import {
  errorAnswer,
  errorDoc,
  idempotencyKeyOf,
  readJson,
  runIdempotent,
  strictBody,
  type RouteDocs,
  type ServiceRouter,
} from '@jobmatch/shared-middleware';
import type { AiEnv } from '../env';
import { generateApplication } from '../generation/generate';
import { callerOf } from '../metrics/request-meter';
import { GeneratedApplicationAnswerSchema } from './answers';

const GenerateBody = strictBody({
  jobId: v.pipe(v.string('must be a string'), v.trim(), v.minLength(1, 'is required'), v.maxLength(100)),
});

export function applicationRoutes(router: ServiceRouter<AiEnv>): void {
  router.post('/api/applications/generate', async (request, env, ctx) => {
    const { user, meter } = callerOf(request, env, ctx);
    const key = idempotencyKeyOf(request);
    const rawBody = await request.clone().text();
    const { jobId } = await readJson(request, GenerateBody);
    // idempotency_keys.user_id references users: the row must exist before the claim.
    if (key !== null) await users.ensureUser(await userDb(env, user.userId), user);
    return runIdempotent(
      idempotency.d1Store(await userDb(env, user.userId)),
      { key, userId: user.userId, scope: 'POST /api/applications/generate', rawBody },
      async () => ({ status: 201, body: await generateApplication(env, user, jobId, meter) }),
    );
  });
}

export const applicationDocs: RouteDocs = {
  'POST /api/applications/generate': {
    summary:
      "Generate three resume + cover-letter variants for one of the caller's jobs, stored as a draft application (Idempotency-Key honoured)",
    body: GenerateBody,
    response: { status: 201, schema: GeneratedApplicationAnswerSchema },
    otherResponses: [
      errorDoc(413, 'STORAGE_QUOTA_EXCEEDED', `storing the draft ${storageQuotaDescription('applications')}`),
      {
        status: 422,
        schema: errorAnswer('PROFILE_INCOMPLETE'),
        description: 'The profile has no work experience, education or skills to write from',
      },
    ],
  },
};
