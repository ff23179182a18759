/**
 * The fallback chain per task: each configured model provider in order, then the local
 * deterministic provider. Every call is timed and its tokens counted (metrics/meter). A model
 * answer that fails validation (bad JSON, schema mismatch, cut off, or the task's own check)
 * is retried once on the same provider, then the chain moves on; an unavailable provider
 * (429/5xx after the SDK's retries, timeout) is skipped at once.
 */
import * as v from 'valibot';
import type { Meter } from '../metrics/meter';
import { costUsdMicros } from '../metrics/prices';
import { LOCAL_MODEL, LOCAL_PROVIDER } from './config';
import { ModelOutputError, ProviderUnavailableError, type JsonTask, type ModelProvider, type ProviderId, type TokenUsage } from './types';

export interface ChainResult<T> {
  value: T;
  provider: ProviderId;
  model: string;
  usage: TokenUsage;
  /** Measured cost of the call that produced the answer (micro-USD; 0 for local). */
  costUsdMicros: number;
  /** Providers tried before the one that answered, and why they did not. */
  fallbacks: { provider: ProviderId; model: string; reason: string }[];
}

export interface ChainOptions<S extends v.GenericSchema> {
  providers: ModelProvider[];
  task: JsonTask<S>;
  meter: Meter;
  /** The deterministic answer, used when no model answers. */
  local: () => v.InferOutput<S> | Promise<v.InferOutput<S>>;
  /** A task-specific check on a validated model answer (e.g. no invented facts); throw ModelOutputError to reject. */
  accept?: (value: v.InferOutput<S>) => v.InferOutput<S>;
  /** Only providers that can read images. */
  needsVision?: boolean;
}

const MAX_ATTEMPTS_PER_PROVIDER = 2;

export async function runJsonTask<S extends v.GenericSchema>(o: ChainOptions<S>): Promise<ChainResult<v.InferOutput<S>>> {
  const fallbacks: ChainResult<unknown>['fallbacks'] = [];
  for (const provider of o.providers) {
    if (o.needsVision && !provider.visionModel) continue;
    const model = o.needsVision ? provider.visionModel! : provider.chatModel;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS_PER_PROVIDER; attempt++) {
      const started = Date.now();
      let usage: TokenUsage = { promptTokens: 0, completionTokens: 0 };
      try {
        const answer = await provider.completeJson(o.task);
        usage = answer.usage;
        const parsed = v.safeParse(o.task.schema, answer.value);
        if (!parsed.success) {
          const issue = parsed.issues[0];
          throw new ModelOutputError(
            `schema mismatch at ${issue?.path?.map((p) => String(p.key)).join('.') ?? '(root)'}: ${issue?.message ?? ''}`,
            usage,
          );
        }
        const value = o.accept ? o.accept(parsed.output) : parsed.output;
        o.meter.call({
          provider: provider.id,
          model: answer.model,
          task: o.task.name,
          ok: true,
          latencyMs: Date.now() - started,
          ...usage,
        });
        return {
          value,
          provider: provider.id,
          model: answer.model,
          usage,
          costUsdMicros: costUsdMicros(provider.id, answer.model, usage.promptTokens, usage.completionTokens),
          fallbacks,
        };
      } catch (error) {
        if (error instanceof ModelOutputError) usage = error.usage.promptTokens ? error.usage : usage;
        o.meter.call({ provider: provider.id, model, task: o.task.name, ok: false, latencyMs: Date.now() - started, ...usage });
        const reason = error instanceof Error ? error.message : String(error);
        if (error instanceof ModelOutputError && attempt < MAX_ATTEMPTS_PER_PROVIDER) continue;
        fallbacks.push({ provider: provider.id, model, reason: reason.slice(0, 300) });
        if (!(error instanceof ModelOutputError) && !(error instanceof ProviderUnavailableError)) {
          console.warn(
            JSON.stringify({ level: 'warn', msg: 'ai_provider_unexpected_error', provider: provider.id, task: o.task.name, error: reason }),
          );
        }
        break;
      }
    }
  }
  const started = Date.now();
  const value = await o.local();
  o.meter.call({
    provider: LOCAL_PROVIDER,
    model: LOCAL_MODEL,
    task: o.task.name,
    ok: true,
    latencyMs: Date.now() - started,
    promptTokens: 0,
    completionTokens: 0,
  });
  return {
    value,
    provider: LOCAL_PROVIDER,
    model: LOCAL_MODEL,
    usage: { promptTokens: 0, completionTokens: 0 },
    costUsdMicros: 0,
    fallbacks,
  };
}
