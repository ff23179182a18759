/** /api/jobs/:id/feedback — the caller's vote or report on one of their jobs (D1 `job_feedback`, `spam_reports`). */
import * as v from 'valibot';
import { jobFeedback, userDb } from '@jobmatch/db';
import {
  cacheableJson,
  IdParam,
  json,
  notFound,
  optionalText,
  readJson,
  strictBody,
  userOf,
  validate,
  type RouteDocs,
  type ServiceRouter,
} from '@jobmatch/shared-middleware';
import type { CoreEnv } from '../env';

const FeedbackBody = strictBody({
  feedbackType: v.picklist(jobFeedback.FEEDBACK_TYPES, `must be one of ${jobFeedback.FEEDBACK_TYPES.join(', ')}`),
  reason: optionalText(100),
  customReason: optionalText(1000),
});

export function jobFeedbackRoutes(router: ServiceRouter<CoreEnv>): void {
  router
    .post('/api/jobs/:id/feedback', async (request, env) => {
      const { userId } = userOf(request);
      const { id } = validate(IdParam, request.params, 'path');
      const body = await readJson(request, FeedbackBody);
      const feedbackId = await jobFeedback.upsertFeedback(await userDb(env, userId), userId, id, body);
      if (!feedbackId) throw notFound('Job');
      return json({ success: true, feedbackId });
    })
    .get('/api/jobs/:id/feedback', async (request, env) => {
      const { userId } = userOf(request);
      const { id } = validate(IdParam, request.params, 'path');
      const found = await jobFeedback.getFeedback(await userDb(env, userId), userId, id);
      if (!found) throw notFound('Job');
      // The contract's two shapes: the feedback itself, or {feedback: null}.
      return cacheableJson(found.feedback ?? { feedback: null });
    });
}

const FeedbackAnswer = v.looseObject({
  feedbackType: v.picklist(jobFeedback.FEEDBACK_TYPES),
  reason: v.nullable(v.string()),
  customReason: v.nullable(v.string()),
});

export const jobFeedbackDocs: RouteDocs = {
  'POST /api/jobs/:id/feedback': {
    summary: 'Record feedback on a job (one per job; a new one replaces it)',
    params: IdParam,
    body: FeedbackBody,
    response: { status: 200, schema: v.object({ success: v.literal(true), feedbackId: v.string() }) },
  },
  'GET /api/jobs/:id/feedback': {
    summary: "The caller's feedback on a job, or {feedback: null}",
    params: IdParam,
    response: { status: 200, schema: v.union([FeedbackAnswer, v.object({ feedback: v.null() })]) },
  },
};
