/**
 * Rows as the API answers them (snake_case, JSON columns parsed), as valibot schemas. They
 * document answers in the OpenAPI document and let tests check that an answer has the
 * documented shape; the TypeScript row types stay in each table's module. Loose objects: a row
 * may carry more fields than documented, never fewer.
 */
import * as v from 'valibot';

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
