/**
 * Workers AI through the `AI` binding (deployed environments only: it has no local mode).
 * JSON mode answers `response` either as a string or as an already-parsed object; both are
 * accepted. The binding does not retry, so transient failures get one retry with backoff here.
 */
import { toJsonSchema } from '@valibot/to-json-schema';
import {
  ModelOutputError,
  ProviderUnavailableError,
  type EmbeddingAnswer,
  type JsonAnswer,
  type JsonTask,
  type ModelProvider,
  type TokenUsage,
} from './types';

export interface WorkersAiConfig {
  chatModel: string;
  embeddingModel: string;
  timeoutMs: number;
}

interface ChatOutput {
  response?: unknown;
  usage?: { prompt_tokens?: number; completion_tokens?: number };
}

const RETRY_DELAYS_MS = [300];

export class WorkersAiProvider implements ModelProvider {
  readonly id = 'workers-ai' as const;
  readonly chatModel: string;
  readonly embeddingModel: string;
  readonly visionModel = null;

  constructor(
    private readonly ai: Ai,
    private readonly config: WorkersAiConfig,
  ) {
    this.chatModel = config.chatModel;
    this.embeddingModel = config.embeddingModel;
  }

  async completeJson(task: JsonTask): Promise<JsonAnswer> {
    if (task.imageDataUrl) throw new ProviderUnavailableError('Workers AI is not configured for images here');
    const output = (await this.run(this.chatModel, {
      messages: [
        { role: 'system', content: task.system },
        { role: 'user', content: task.user },
      ],
      response_format: { type: 'json_schema', json_schema: toJsonSchema(task.schema) },
      max_tokens: task.maxTokens,
      temperature: 0.2,
    })) as ChatOutput;
    const usage: TokenUsage = {
      promptTokens: output?.usage?.prompt_tokens ?? 0,
      completionTokens: output?.usage?.completion_tokens ?? 0,
    };
    return { value: parseResponse(output?.response, usage), model: this.chatModel, usage };
  }

  async embed(texts: string[]): Promise<EmbeddingAnswer> {
    const output = (await this.run(this.embeddingModel, { text: texts })) as { shape?: number[]; data?: number[][] };
    const data = output?.data;
    if (!Array.isArray(data) || data.length !== texts.length || data.some((row) => !Array.isArray(row) || row.length === 0)) {
      throw new ModelOutputError('embedding answer does not match the input');
    }
    // Workers AI bills embeddings per input token; it does not report them, so estimate (≈ 4 chars a token).
    const promptTokens = texts.reduce((n, t) => n + Math.ceil(t.length / 4), 0);
    return { vectors: data, model: this.embeddingModel, usage: { promptTokens, completionTokens: 0 } };
  }

  private async run(model: string, input: Record<string, unknown>): Promise<unknown> {
    let lastError: unknown;
    for (let attempt = 0; attempt <= RETRY_DELAYS_MS.length; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, RETRY_DELAYS_MS[attempt - 1]));
      try {
        return await withTimeout((this.ai.run as (m: string, i: unknown) => Promise<unknown>)(model, input), this.config.timeoutMs);
      } catch (error) {
        lastError = error;
      }
    }
    const message = lastError instanceof Error ? lastError.message : String(lastError);
    throw new ProviderUnavailableError(`Workers AI failed: ${message.slice(0, 200)}`);
  }
}

/** `response` as a JSON string or an object already parsed by Workers AI. */
export function parseResponse(response: unknown, usage: TokenUsage): unknown {
  if (response !== null && typeof response === 'object') return response;
  if (typeof response !== 'string' || response.trim() === '') throw new ModelOutputError('empty answer', usage);
  try {
    return JSON.parse(response);
  } catch {
    throw new ModelOutputError('the answer is not JSON', usage);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
