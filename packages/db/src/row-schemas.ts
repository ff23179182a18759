/**
 * Rows as the API answers them (snake_case, JSON columns parsed), as valibot schemas. They
 * document answers in the OpenAPI document and let tests check that an answer has the
 * documented shape; the TypeScript row types stay in each table's module. Loose objects: a row
 * may carry more fields than documented, never fewer.
 */
import * as v from 'valibot';
import { ApplicationVariantSchema } from './application-variant';
import { APPLICATION_STATUSES } from './applications';
import { TRACKED_STATUSES } from './tracked-applications';

const text = () => v.string();
const maybe = () => v.nullable(v.string());
const maybeNumber = () => v.nullable(v.number());

export const JobRowSchema = v.looseObject({
  id: text(),
  title: text(),
  company: text(),
  location: maybe(),
  description: maybe(),
  url: maybe(),
  source: text(),
  job_type: maybe(),
  experience_level: maybe(),
  work_arrangement: maybe(),
  salary_min: maybeNumber(),
  salary_max: maybeNumber(),
  match_score: maybeNumber(),
  saved: v.boolean(),
  archived: v.boolean(),
  added_at: text(),
  created_at: text(),
  required_skills: v.array(v.string()),
  preferred_skills: v.array(v.string()),
});

export const SkillRowSchema = v.looseObject({
  id: text(),
  name: text(),
  level: maybe(),
  endorsements: v.number(),
  created_at: text(),
  updated_at: text(),
});

export const SecurityEventRowSchema = v.looseObject({
  id: text(),
  action: text(),
  status: v.picklist(['success', 'failed']),
  device: maybe(),
  browser: maybe(),
  os: maybe(),
  location: maybe(),
  ip_address: maybe(),
  user_agent: maybe(),
  metadata: v.nullable(v.record(v.string(), v.unknown())),
  timestamp: text(),
});

const urgency = v.picklist(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW']);
export const GapAnswerRowSchema = v.looseObject({
  id: text(),
  question_id: v.number(),
  priority: urgency,
  gap_addressed: maybe(),
  question: text(),
  context: maybe(),
  expected_outcome: maybe(),
  answer: maybe(),
  created_at: text(),
  updated_at: text(),
});

export const GapAnalysisRowSchema = v.looseObject({
  id: text(),
  gap_count: v.number(),
  red_flag_count: v.number(),
  urgency,
  overall_assessment: maybe(),
  identified_gaps_and_flags: v.array(v.unknown()),
  next_steps: v.unknown(),
  created_at: text(),
  updated_at: text(),
  answers: v.array(GapAnswerRowSchema),
});

// ---- settings: billing, usage, 2FA; structured resumes; narratives (billing.ts, usage-metrics.ts, account.ts, resumes.ts, work-experience-narratives.ts) ----

const limit = () => v.union([v.number(), v.literal('unlimited')]);
export const PlanLimitsSchema = v.looseObject({ maxApplications: limit(), maxResumeVariants: limit(), maxJobSearches: limit() });

export const SubscriptionRowSchema = v.looseObject({
  id: maybe(), // null: the free plan, which has no stored subscription
  userId: text(),
  plan: v.picklist(['basic', 'premium']),
  billingCycle: v.picklist(['monthly', 'annual']),
  status: v.picklist(['active', 'canceled', 'past_due', 'trialing']),
  currentPeriodStart: text(),
  currentPeriodEnd: text(),
  nextBillingDate: v.optional(text()),
  cancelAtPeriodEnd: v.boolean(),
  trialEnd: v.optional(text()),
  paymentMethod: v.optional(
    v.looseObject({ type: v.literal('card'), brand: text(), last4: text(), expiryMonth: v.number(), expiryYear: v.number() }),
  ),
  limits: PlanLimitsSchema,
});

export const InvoiceRowSchema = v.looseObject({
  id: text(),
  userId: text(),
  number: maybe(),
  date: text(),
  amount: v.number(),
  currency: text(),
  status: v.picklist(['paid', 'failed', 'pending', 'refunded']),
  paymentMethod: v.nullable(v.looseObject({ brand: text(), last4: text() })),
  description: text(),
  pdfUrl: v.optional(text()),
  lineItems: v.array(v.looseObject({ description: text(), quantity: v.number(), unitPrice: v.number(), total: v.number() })),
});

export const PaymentMethodRowSchema = v.looseObject({
  id: text(),
  type: v.literal('card'),
  brand: v.picklist(['visa', 'mastercard', 'amex', 'discover']),
  last4: text(),
  expiryMonth: v.number(),
  expiryYear: v.number(),
  isDefault: v.boolean(),
  addedAt: text(),
});

export const UsageCountsSchema = v.looseObject({
  applicationsTracked: v.number(),
  resumeVariantsCreated: v.number(),
  jobSearchesPerformed: v.number(),
  emailsSent: v.number(),
  applicationsGenerated: v.number(),
  jobAnalyses: v.number(),
  exportsCreated: v.number(),
  jobsFromSearches: v.number(),
});

export const SecuritySettingsRowSchema = v.looseObject({
  two_factor_enabled: v.boolean(),
  two_factor_setup_complete: v.boolean(),
  backup_codes_generated: v.boolean(),
});

export const ResumeRowSchema = v.looseObject({
  id: text(),
  user_id: text(),
  type: v.picklist(['master', 'tailored']),
  title: text(),
  sections: v.record(v.string(), v.unknown()),
  formats: v.array(v.picklist(['pdf', 'docx', 'txt'])),
  created_at: text(),
  updated_at: text(),
});

export const NarrativeRowSchema = v.looseObject({
  id: text(),
  workExperienceId: text(),
  userId: text(),
  narrative: text(),
  createdAt: text(),
  updatedAt: text(),
});

// ---- sessions, the tracker, the profile and its parts, applications ----

export const SessionRowSchema = v.looseObject({
  id: text(),
  session_id: text(),
  device_type: maybe(),
  device_os: maybe(),
  browser: maybe(),
  user_agent: maybe(),
  ip_address: maybe(),
  location: maybe(),
  created_at: text(),
  last_active: text(),
  expires_at: text(),
  revoked_at: maybe(),
  is_current: v.boolean(),
});

const contact = v.nullable(v.looseObject({ name: text() }));
/** The items the tracker's pages call methods on, with the fields filled on read. */
const TrackedInterviewSchema = v.looseObject({ round: text(), date: text(), interviewers: v.array(v.string()), notes: text() });
const TrackedFollowUpSchema = v.looseObject({
  type: text(),
  title: text(),
  description: text(),
  completed: v.boolean(),
  priority: text(),
});
const StatusChangeSchema = v.looseObject({ status: v.picklist(TRACKED_STATUSES), date: text(), note: v.optional(v.nullable(v.string())) });

/** The frontend's camelCase TrackedApplication: every array present, '' for an empty link. */
export const TrackedApplicationRowSchema = v.looseObject({
  id: text(),
  jobId: text(),
  applicationId: text(),
  company: text(),
  jobTitle: text(),
  location: text(),
  matchScore: v.number(),
  status: v.picklist(TRACKED_STATUSES),
  appliedDate: text(),
  lastUpdated: text(),
  statusChangedAt: maybe(),
  statusHistory: v.array(StatusChangeSchema),
  interviews: v.array(TrackedInterviewSchema),
  nextInterviewDate: maybe(),
  recruiter: contact,
  hiringManager: contact,
  followUpActions: v.array(TrackedFollowUpSchema),
  nextAction: maybe(),
  nextActionDate: maybe(),
  notes: text(),
  activityLog: v.array(v.unknown()),
  offerDetails: v.nullable(v.looseObject({})),
  archived: v.boolean(),
  tags: v.array(v.string()),
  createdAt: text(),
});

export const ProfileRowSchema = v.looseObject({
  id: text(),
  email: maybe(),
  first_name: maybe(),
  last_name: maybe(),
  phone: maybe(),
  location: maybe(),
  street_address: maybe(),
  city: maybe(),
  state: maybe(),
  postal_code: maybe(),
  country: maybe(),
  linkedin_url: maybe(),
  photo_url: maybe(),
  current_title: maybe(),
  professional_summary: maybe(),
  profile_version: v.number(),
  created_at: text(),
  updated_at: text(),
});

const workExperienceEntries = {
  id: text(),
  title: text(),
  company: text(),
  location: maybe(),
  employment_type: maybe(),
  start_date: text(),
  end_date: maybe(),
  is_current: v.boolean(),
  description: maybe(),
  created_at: text(),
  updated_at: text(),
};
/** GET/POST/PATCH /api/profile/work-experience: `accomplishments` parsed. */
export const WorkExperienceRowSchema = v.looseObject({ ...workExperienceEntries, accomplishments: v.array(v.string()) });

/** `description` is the highlights as JSON text (useEducation `JSON.parse()`s it); `highlights` the list. */
export const EducationRowSchema = v.looseObject({
  id: text(),
  institution: text(),
  degree: maybe(),
  field_of_study: maybe(),
  start_date: maybe(),
  end_date: maybe(),
  grade: maybe(),
  description: text(),
  highlights: v.array(v.string()),
  created_at: text(),
  updated_at: text(),
});

/** GET /api/profile/complete: rows as stored — JSON-text fields are strings useCompleteProfile parses. */
export const CompleteProfileAnswerSchema = v.looseObject({
  profile: ProfileRowSchema,
  workExperience: v.array(v.looseObject({ ...workExperienceEntries, accomplishments: text() })),
  education: v.array(EducationRowSchema),
  skills: v.array(v.looseObject({ ...SkillRowSchema.entries, endorsed_count: v.number() })),
  resumes: v.array(ResumeRowSchema),
});

/** An application (snake_case row); variants in the editor's shape, every array present. */
export const ApplicationRowSchema = v.looseObject({
  id: text(),
  job_id: maybe(),
  job_title: text(),
  company: text(),
  status: v.picklist(APPLICATION_STATUSES),
  created_at: text(),
  updated_at: text(),
  submitted_at: maybe(),
  selected_variant_id: maybe(),
  variants: v.array(ApplicationVariantSchema),
});
