/**
 * GET /api/analytics/{workers-ai, cache, models, cost-savings}: the caller's measured usage
 * (metrics/meter: calls, failures, tokens, latency, cache hits and misses, cost saved by hits)
 * over the last `days` (1–90, default 30). Figures are measured, never static; costs are
 * estimates from list prices (metrics/prices).
 */
import * as v from 'valibot';
import {
  json,
  queryInt,
  readConsistencyOf,
  readQuery,
  type RouteDocs,
  type ServiceRequest,
  type ServiceRouter,
} from '@jobmatch/shared-middleware';
import { userReadDb, type UsageTotals } from '@jobmatch/db';
import type { AiEnv } from '../env';
import { totalsFor } from '../metrics/meter';
import { costUsdMicros, isPriced } from '../metrics/prices';
import { callerOf } from '../metrics/request-meter';
import { providerSummary } from '../providers/config';
import { CacheAnalyticsAnswerSchema, CostSavingsAnswerSchema, ModelAnalyticsAnswerSchema, WorkersAiAnalyticsAnswerSchema } from './answers';

const Query = v.object({ days: queryInt(1, 90, 30) });

const usd = (micros: number) => Math.round(micros) / 1_000_000;
const rate = (hits: number, misses: number) => (hits + misses === 0 ? null : Math.round((hits / (hits + misses)) * 1000) / 1000);

function sinceDay(days: number): string {
  return new Date(Date.now() - (days - 1) * 86_400_000).toISOString().slice(0, 10);
}

function split(subject: string): { provider: string; model: string } {
  const at = subject.indexOf(':');
  return { provider: subject.slice(0, at), model: subject.slice(at + 1) };
}

const calls = (rows: UsageTotals[]) => rows.filter((r) => !r.subject.startsWith('cache:'));

function byModel(rows: UsageTotals[]) {
  const out = new Map<
    string,
    {
      provider: string;
      model: string;
      calls: number;
      failures: number;
      promptTokens: number;
      completionTokens: number;
      latencyMsTotal: number;
      costUsdMicros: number;
      tasks: Record<string, number>;
      priced: boolean;
    }
  >();
  for (const r of calls(rows)) {
    const { provider, model } = split(r.subject);
    const m = out.get(r.subject) ?? {
      provider,
      model,
      calls: 0,
      failures: 0,
      promptTokens: 0,
      completionTokens: 0,
      latencyMsTotal: 0,
      costUsdMicros: 0,
      tasks: {},
      priced: isPriced(provider, model),
    };
    m.calls += r.calls;
    m.failures += r.failures;
    m.promptTokens += r.promptTokens;
    m.completionTokens += r.completionTokens;
    m.latencyMsTotal += r.latencyMsTotal;
    m.costUsdMicros += costUsdMicros(provider, model, r.promptTokens, r.completionTokens);
    m.tasks[r.task] = (m.tasks[r.task] ?? 0) + r.calls;
    out.set(r.subject, m);
  }
  return [...out.values()].map(({ latencyMsTotal, costUsdMicros: cost, ...m }) => ({
    ...m,
    avgLatencyMs: m.calls ? Math.round(latencyMsTotal / m.calls) : null,
    estimatedCostUsd: usd(cost),
  }));
}

function caches(rows: UsageTotals[]) {
  const out: Record<string, { hits: number; misses: number; hitRate: number | null; savedUsd: number }> = {};
  for (const r of rows.filter((x) => x.subject.startsWith('cache:'))) {
    const name = r.subject.slice('cache:'.length);
    out[name] ??= { hits: 0, misses: 0, hitRate: null, savedUsd: 0 };
    const c = out[name]!;
    c.hits += r.hits;
    c.misses += r.misses;
    c.savedUsd += usd(r.savedUsdMicros);
  }
  for (const c of Object.values(out)) c.hitRate = rate(c.hits, c.misses);
  return out;
}

export function analyticsRoutes(router: ServiceRouter<AiEnv>): void {
  const load = async (request: ServiceRequest, env: AiEnv, ctx: ExecutionContext) => {
    const { user } = callerOf(request, env, ctx);
    const { days } = readQuery(request, Query);
    return { days, rows: await totalsFor(await userReadDb(env, user.userId, readConsistencyOf(request)), user.userId, sinceDay(days)) };
  };
  const answer = (days: number, data: unknown) =>
    json({ success: true, data: { periodDays: days, ...(data as object) }, timestamp: new Date().toISOString() });

  router
    .get('/api/analytics/workers-ai', async (request, env, ctx) => {
      const { days, rows } = await load(request, env, ctx);
      const models = byModel(rows);
      const providers: Record<
        string,
        { calls: number; failures: number; promptTokens: number; completionTokens: number; estimatedCostUsd: number }
      > = {};
      for (const m of models) {
        providers[m.provider] ??= { calls: 0, failures: 0, promptTokens: 0, completionTokens: 0, estimatedCostUsd: 0 };
        const p = providers[m.provider]!;
        p.calls += m.calls;
        p.failures += m.failures;
        p.promptTokens += m.promptTokens;
        p.completionTokens += m.completionTokens;
        p.estimatedCostUsd += m.estimatedCostUsd;
      }
      return answer(days, {
        configured: { ...providerSummary(env), workersAiBound: Boolean(env.AI), vectorizeBound: Boolean(env.VECTORIZE) },
        providers,
        workersAi: models.filter((m) => m.provider === 'workers-ai'),
        totalCalls: models.reduce((n, m) => n + m.calls, 0),
      });
    })
    .get('/api/analytics/cache', async (request, env, ctx) => {
      const { days, rows } = await load(request, env, ctx);
      return answer(days, { caches: caches(rows) });
    })
    .get('/api/analytics/models', async (request, env, ctx) => {
      const { days, rows } = await load(request, env, ctx);
      return answer(days, { models: byModel(rows) });
    })
    .get('/api/analytics/cost-savings', async (request, env, ctx) => {
      const { days, rows } = await load(request, env, ctx);
      const c = caches(rows);
      const spent = byModel(rows).reduce((n, m) => n + m.estimatedCostUsd, 0);
      const saved = Object.values(c).reduce((n, x) => n + x.savedUsd, 0);
      const hits = Object.values(c).reduce((n, x) => n + x.hits, 0);
      return answer(days, {
        estimatedSpentUsd: Math.round(spent * 1e6) / 1e6,
        estimatedSavedUsd: Math.round(saved * 1e6) / 1e6,
        cacheHits: hits,
        byCache: Object.fromEntries(Object.entries(c).map(([k, x]) => [k, { hits: x.hits, savedUsd: x.savedUsd }])),
        method: 'Each cache hit is credited with the measured cost of the model call it replaced (list prices; local answers cost 0).',
      });
    });
}

export const analyticsDocs: RouteDocs = {
  'GET /api/analytics/workers-ai': {
    summary: "The configured model chain and the caller's measured calls per provider over the last `days`",
    query: Query,
    response: { status: 200, schema: WorkersAiAnalyticsAnswerSchema },
  },
  'GET /api/analytics/cache': {
    summary: "The caller's hits, misses, hit rate and saved cost per AI cache over the last `days`",
    query: Query,
    response: { status: 200, schema: CacheAnalyticsAnswerSchema },
  },
  'GET /api/analytics/models': {
    summary: "The caller's calls, failures, tokens, latency and estimated cost per model over the last `days`",
    query: Query,
    response: { status: 200, schema: ModelAnalyticsAnswerSchema },
  },
  'GET /api/analytics/cost-savings': {
    summary: 'Estimated model spend and the cost the AI caches saved the caller over the last `days`',
    query: Query,
    response: { status: 200, schema: CostSavingsAnswerSchema },
  },
};
