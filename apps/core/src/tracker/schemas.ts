/**
 * Request bodies of /api/tracked-applications: the frontend's camelCase `TrackedApplication`
 * (cffrank/jobmatchAI src/sections/application-tracker/types.ts). Objects are strict, nested
 * ones too, so a misspelt key is a 400 naming it — except the server-owned fields the tracker
 * echoes back (`id`, `lastUpdated`, `statusChangedAt`, `createdAt`, `statusHistory`), which are
 * accepted and ignored (docs/API-DECISIONS.md). Nested items get their defaults filled in
 * (`interviewers: []`, `completed: false`, …) so a stored row always renders.
 */
import * as v from 'valibot';
import { trackedApplications as tracked } from '@jobmatch/db';
import { jsonWithin, optionalText, requiredText } from '@jobmatch/shared-middleware';

const { TRACKED_STATUSES } = tracked;
export const trackedStatus = v.picklist(TRACKED_STATUSES, `must be one of ${TRACKED_STATUSES.join(', ')}`);

const text = (max: number) => v.pipe(v.string('must be a string'), v.maxLength(max, `must be at most ${max} characters`));
const optional = <S extends v.GenericSchema>(schema: S) => v.optional(v.nullable(schema));
const list = <S extends v.GenericSchema>(item: S, maxItems: number) =>
  v.pipe(v.array(item, 'must be an array'), v.maxLength(maxItems, `at most ${maxItems} items`));
const stringList = (maxItems: number, maxLength = 500) => list(text(maxLength), maxItems);

/** '' (the tracker's "not linked") and null both mean no link. */
const linkId = v.optional(
  v.pipe(
    v.nullable(v.pipe(v.string('must be a string'), v.maxLength(100, 'must be at most 100 characters'))),
    v.transform((s) => (s === '' || s === null ? null : s)),
  ),
);

/** A date field of the tracker's forms: yyyy-mm-dd or a full ISO time; '' or null clears it. */
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const formDate = v.optional(
  v.pipe(
    v.nullable(v.string('must be a string')),
    v.transform((s) => (s === '' ? null : s)),
    v.nullable(
      v.pipe(
        v.string(),
        v.maxLength(40, 'must be at most 40 characters'),
        v.check((s) => DATE.test(s) && !Number.isNaN(Date.parse(s.slice(0, 10))), 'must be a date: YYYY-MM-DD or an ISO-8601 date-time'),
      ),
    ),
  ),
);

const Contact = v.strictObject({
  name: text(200),
  role: v.optional(text(200), ''),
  email: optional(text(320)),
  phone: optional(text(50)),
});

const Interview = v.strictObject({
  id: requiredText(100),
  round: v.optional(text(200), ''),
  date: v.optional(text(40), ''),
  interviewers: v.optional(stringList(20, 200), []),
  notes: v.optional(text(20_000), ''),
  preparation: v.optional(stringList(50)),
  questionsAsked: v.optional(stringList(50)),
  reflection: optional(text(5000)),
});

const FollowUpAction = v.strictObject({
  id: requiredText(100),
  type: v.optional(v.picklist(['reminder', 'action_item'], 'must be reminder or action_item'), 'action_item'),
  title: text(300),
  description: v.optional(text(5000), ''),
  dueDate: optional(text(40)),
  completed: v.optional(v.boolean('must be true or false'), false),
  priority: v.optional(v.picklist(['low', 'medium', 'high'], 'must be low, medium or high'), 'medium'),
});

const ActivityLogEntry = v.strictObject({
  id: requiredText(100),
  date: text(40),
  type: v.picklist(['status_change', 'follow_up', 'note', 'email', 'call'], 'must be status_change, follow_up, note, email or call'),
  description: text(5000),
  details: optional(text(20_000)),
});

const OfferDetails = v.strictObject({
  salary: v.optional(text(200), ''),
  equity: optional(text(200)),
  benefits: v.optional(stringList(50)),
  deadline: optional(text(40)),
  notes: optional(text(5000)),
});

/** What the tracker echoes of the server's history; only a trailing entry's note is used. */
const EchoedHistory = v.optional(
  list(v.looseObject({ status: v.optional(v.unknown()), note: v.optional(v.nullable(v.string('must be a string'))) }), 500),
);

/** Server-owned fields a client sends back: accepted and ignored. */
const serverOwned = {
  id: v.optional(v.unknown()),
  lastUpdated: v.optional(v.unknown()),
  statusChangedAt: v.optional(v.unknown()),
  createdAt: v.optional(v.unknown()),
  statusHistory: EchoedHistory,
};

const fields = {
  jobId: linkId,
  applicationId: linkId,
  location: optionalText(200),
  matchScore: v.optional(v.nullable(v.pipe(v.number('must be a number'), v.minValue(0), v.maxValue(100)))),
  appliedDate: formDate,
  interviews: v.optional(jsonWithin(list(Interview, 50), 64 * 1024)),
  nextInterviewDate: formDate,
  recruiter: v.optional(v.nullable(Contact)),
  hiringManager: v.optional(v.nullable(Contact)),
  followUpActions: v.optional(jsonWithin(list(FollowUpAction, 100), 32 * 1024)),
  nextAction: optionalText(500),
  nextActionDate: formDate,
  notes: optionalText(20_000),
  activityLog: v.optional(jsonWithin(list(ActivityLogEntry, 500), 128 * 1024)),
  offerDetails: v.optional(v.nullable(jsonWithin(OfferDetails, 16 * 1024))),
  archived: v.optional(v.boolean('must be true or false')),
  tags: v.optional(stringList(50, 50)),
  /** An explicit note for this write's status change (otherwise a trailing statusHistory note). */
  statusNote: optionalText(1000),
  ...serverOwned,
};

export const CreateTracked = v.strictObject({
  ...fields,
  company: requiredText(200),
  jobTitle: requiredText(300),
  status: v.optional(trackedStatus),
});

export const PatchTracked = v.pipe(
  v.strictObject({
    ...fields,
    company: v.optional(requiredText(200)),
    jobTitle: v.optional(requiredText(300)),
    status: v.optional(trackedStatus),
  }),
  v.check((p) => Object.entries(p).some(([k, x]) => x !== undefined && !(k in serverOwned)), 'Send at least one field to update'),
);

type Body = v.InferOutput<typeof CreateTracked> | v.InferOutput<typeof PatchTracked>;

/**
 * Drops the echoed server-owned fields. The status note is `statusNote`, or else the note of
 * the echoed history's last entry when that entry is for the status being set (the tracker's
 * status dialog appends `{status, date, note}` and sends the whole list).
 */
export function writableFields<B extends Body>(body: B) {
  const { id: _id, lastUpdated: _l, statusChangedAt: _s, createdAt: _c, statusHistory, statusNote, ...rest } = body;
  const last = statusHistory?.at(-1);
  const echoedNote = last && body.status !== undefined && last.status === body.status ? last.note : undefined;
  return { ...rest, statusNote: statusNote ?? echoedNote ?? null };
}
