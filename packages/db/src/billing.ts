/**
 * SQL for billing: subscriptions, invoices, payment methods (written by a payment provider's
 * integration, read by Settings) and the user's personal usage caps. Plans and their limits
 * are defined here once. Every statement is scoped by user_id.
 */
import { ensureUserStatement, type UserIdentity } from './users';
import { nowIso, parseJsonColumn, str, toBool, type Row } from './sql';

export const PLAN_TIERS = ['basic', 'premium'] as const;
export type PlanTier = (typeof PLAN_TIERS)[number];
export type Limit = number | 'unlimited';

export interface PlanLimits {
  maxApplications: Limit;
  maxResumeVariants: Limit;
  maxJobSearches: Limit;
}

/** The frontend's plans (`availablePlans` in its Settings data): 'basic' is the free plan. */
export const PLAN_LIMITS: Record<PlanTier, PlanLimits> = {
  basic: { maxApplications: 10, maxResumeVariants: 3, maxJobSearches: 50 },
  premium: { maxApplications: 'unlimited', maxResumeVariants: 'unlimited', maxJobSearches: 'unlimited' },
};
export const FREE_PLAN: PlanTier = 'basic';
export const LIMIT_KEYS = ['maxApplications', 'maxResumeVariants', 'maxJobSearches'] as const;
export type LimitKey = (typeof LIMIT_KEYS)[number];

/** Usage periods are calendar months (UTC), as the frontend's `period: 'YYYY-MM'`. */
export function monthOf(now: Date): { period: string; start: string; end: string } {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  return { period: start.toISOString().slice(0, 7), start: start.toISOString(), end: end.toISOString() };
}

// ---- subscriptions ----

export interface Subscription {
  /** null for the free plan, which needs no stored subscription. */
  id: string | null;
  userId: string;
  plan: PlanTier;
  billingCycle: 'monthly' | 'annual';
  status: 'active' | 'canceled' | 'past_due' | 'trialing';
  currentPeriodStart: string;
  currentPeriodEnd: string;
  nextBillingDate?: string;
  cancelAtPeriodEnd: boolean;
  trialEnd?: string;
  paymentMethod?: { type: 'card'; brand: string; last4: string; expiryMonth: number; expiryYear: number };
  limits: PlanLimits;
}

function rowToSubscription(row: Row, card: PaymentMethod | undefined): Subscription {
  const plan = String(row.plan) as PlanTier;
  const cancel = toBool(row.cancel_at_period_end);
  const status = String(row.status) as Subscription['status'];
  const sub: Subscription = {
    id: String(row.id),
    userId: String(row.user_id),
    plan,
    billingCycle: String(row.billing_cycle) as Subscription['billingCycle'],
    status,
    currentPeriodStart: String(row.current_period_start),
    currentPeriodEnd: String(row.current_period_end),
    cancelAtPeriodEnd: cancel,
    limits: PLAN_LIMITS[plan],
  };
  if (!cancel && (status === 'active' || status === 'trialing')) sub.nextBillingDate = sub.currentPeriodEnd;
  if (row.trial_end) sub.trialEnd = String(row.trial_end);
  if (card)
    sub.paymentMethod = { type: 'card', brand: card.brand, last4: card.last4, expiryMonth: card.expiryMonth, expiryYear: card.expiryYear };
  return sub;
}

/** The free plan for the month containing `now` (what a user without a subscription row is on). */
export function freeSubscription(userId: string, now: Date): Subscription {
  const { start, end } = monthOf(now);
  return {
    id: null,
    userId,
    plan: FREE_PLAN,
    billingCycle: 'monthly',
    status: 'active',
    currentPeriodStart: start,
    currentPeriodEnd: end,
    cancelAtPeriodEnd: false,
    limits: PLAN_LIMITS[FREE_PLAN],
  };
}

const SUBSCRIPTION_COLUMNS =
  'id, user_id, plan, billing_cycle, status, current_period_start, current_period_end, cancel_at_period_end, trial_end';

/**
 * The user's subscription, or the free plan. A canceled subscription whose period has ended
 * (or any row past its period without renewal by the provider) no longer grants its plan.
 */
export async function getSubscription(db: D1Database, userId: string, now = new Date()): Promise<Subscription> {
  const [subs, cards] = await db.batch([
    db.prepare(`SELECT ${SUBSCRIPTION_COLUMNS} FROM subscriptions WHERE user_id = ?1`).bind(userId),
    db.prepare(`SELECT ${PAYMENT_COLUMNS} FROM payment_methods WHERE user_id = ?1 AND is_default = 1`).bind(userId),
  ]);
  const row = ((subs?.results ?? []) as Row[])[0];
  if (!row || String(row.current_period_end) <= now.toISOString()) return freeSubscription(userId, now);
  return rowToSubscription(row, ((cards?.results ?? []) as Row[]).map(rowToPaymentMethod)[0]);
}

// ---- payment methods ----

export interface PaymentMethod {
  id: string;
  type: 'card';
  brand: 'visa' | 'mastercard' | 'amex' | 'discover';
  last4: string;
  expiryMonth: number;
  expiryYear: number;
  isDefault: boolean;
  addedAt: string;
}

const PAYMENT_COLUMNS = 'id, type, brand, last4, exp_month, exp_year, is_default, added_at';

function rowToPaymentMethod(row: Row): PaymentMethod {
  return {
    id: String(row.id),
    type: 'card',
    brand: String(row.brand) as PaymentMethod['brand'],
    last4: String(row.last4),
    expiryMonth: Number(row.exp_month),
    expiryYear: Number(row.exp_year),
    isDefault: toBool(row.is_default),
    addedAt: String(row.added_at),
  };
}

/** Default first, then newest. */
export async function listPaymentMethods(db: D1Database, userId: string): Promise<PaymentMethod[]> {
  const { results } = await db
    .prepare(`SELECT ${PAYMENT_COLUMNS} FROM payment_methods WHERE user_id = ?1 ORDER BY is_default DESC, added_at DESC, rowid DESC`)
    .bind(userId)
    .all<Row>();
  return results.map(rowToPaymentMethod);
}

// ---- invoices ----

export interface InvoiceLineItem {
  description: string;
  quantity: number;
  unitPrice: number;
  total: number;
}

export interface Invoice {
  id: string;
  userId: string;
  number: string | null;
  date: string;
  /** Major currency units (e.g. dollars), as the frontend shows them. */
  amount: number;
  currency: string;
  status: 'paid' | 'failed' | 'pending' | 'refunded';
  paymentMethod: { brand: string; last4: string } | null;
  description: string;
  pdfUrl?: string;
  lineItems: InvoiceLineItem[];
}

const toMajor = (cents: number) => Math.round(cents) / 100;

function rowToInvoice(row: Row): Invoice {
  const items = parseJsonColumn<{ description?: unknown; quantity?: unknown; unit_price_cents?: unknown }[]>(row.line_items, []);
  const invoice: Invoice = {
    id: String(row.id),
    userId: String(row.user_id),
    number: str(row.invoice_number),
    date: String(row.invoice_date),
    amount: toMajor(Number(row.amount_cents)),
    currency: String(row.currency),
    status: String(row.status) as Invoice['status'],
    paymentMethod: row.card_brand && row.card_last4 ? { brand: String(row.card_brand), last4: String(row.card_last4) } : null,
    description: String(row.description),
    lineItems: (Array.isArray(items) ? items : []).map((item) => {
      const quantity = Number(item.quantity ?? 1) || 1;
      const unit = Number(item.unit_price_cents ?? 0) || 0;
      return { description: String(item.description ?? ''), quantity, unitPrice: toMajor(unit), total: toMajor(unit * quantity) };
    }),
  };
  if (row.pdf_url) invoice.pdfUrl = String(row.pdf_url);
  return invoice;
}

/** Newest first. */
export async function listInvoices(db: D1Database, userId: string): Promise<Invoice[]> {
  const { results } = await db
    .prepare(
      `SELECT id, user_id, invoice_number, invoice_date, amount_cents, currency, status, description, card_brand,
              card_last4, pdf_url, line_items
       FROM invoices WHERE user_id = ?1 ORDER BY invoice_date DESC, rowid DESC LIMIT 200`,
    )
    .bind(userId)
    .all<Row>();
  return results.map(rowToInvoice);
}

// ---- personal usage caps ----

export type UsageCaps = Partial<Record<LimitKey, number | null>>;

const CAP_COLUMNS: Record<LimitKey, string> = {
  maxApplications: 'max_applications',
  maxResumeVariants: 'max_resume_variants',
  maxJobSearches: 'max_job_searches',
};

export async function getUsageCaps(db: D1Database, userId: string): Promise<Record<LimitKey, number | null>> {
  const row = await db
    .prepare('SELECT max_applications, max_resume_variants, max_job_searches FROM usage_caps WHERE user_id = ?1')
    .bind(userId)
    .first<Row>();
  const cap = (column: string) => (row && row[column] !== null && row[column] !== undefined ? Number(row[column]) : null);
  return {
    maxApplications: cap('max_applications'),
    maxResumeVariants: cap('max_resume_variants'),
    maxJobSearches: cap('max_job_searches'),
  };
}

/** Sets the given caps (null = back to the plan's limit); fields not given stay as they are. */
export async function setUsageCaps(db: D1Database, user: UserIdentity, caps: UsageCaps): Promise<void> {
  const given = (Object.keys(CAP_COLUMNS) as LimitKey[]).filter((k) => caps[k] !== undefined);
  if (given.length === 0) return;
  const columns = given.map((k) => CAP_COLUMNS[k]);
  const values = given.map((k) => caps[k] ?? null);
  const now = nowIso();
  const placeholders = values.map((_, i) => `?${i + 3}`);
  await db.batch([
    ensureUserStatement(db, user),
    db
      .prepare(
        `INSERT INTO usage_caps (user_id, created_at, updated_at, ${columns.join(', ')})
         VALUES (?1, ?2, ?2, ${placeholders.join(', ')})
         ON CONFLICT (user_id) DO UPDATE SET updated_at = excluded.updated_at,
           ${columns.map((c) => `${c} = excluded.${c}`).join(', ')}`,
      )
      .bind(user.userId, now, ...values),
  ]);
}

/** The limits in force: the plan's, lowered by the user's own caps. */
export function effectiveLimits(plan: PlanLimits, caps: Record<LimitKey, number | null>): PlanLimits {
  const out = { ...plan };
  for (const key of LIMIT_KEYS) {
    const cap = caps[key];
    if (cap === null) continue;
    const planLimit = plan[key];
    out[key] = planLimit === 'unlimited' ? cap : Math.min(planLimit, cap);
  }
  return out;
}
