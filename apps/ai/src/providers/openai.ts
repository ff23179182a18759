/**
 * OpenAI (or any OpenAI-compatible endpoint: Cloudflare AI Gateway, a local server in tests)
 * through the official SDK. Always an explicit timeout and retry budget (the SDK's defaults are
 * 10 minutes and 2 retries); the SDK retries 408/409/429/5xx and timeouts with backoff, so the
 * chain does not retry those again. Structured outputs: the JSON schema sent is generated from
 * the same valibot schema that validates the answer.
 */
import OpenAI from 'openai';
import { standardResponseFormat } from 'openai/helpers/standard-schema';
import { toStandardJsonSchema } from '@valibot/to-json-schema';
import {
  ModelOutputError,
  ProviderUnavailableError,
  type EmbeddingAnswer,
  type JsonAnswer,
  type JsonTask,
  type ModelProvider,
  type TokenUsage,
} from './types';

export interface OpenAiConfig {
  apiKey: string;
  baseURL: string;
  chatModel: string;
  embeddingModel: string;
  visionModel: string | null;
  timeoutMs: number;
  maxRetries: number;
  /** Output dimensions requested from text-embedding-3 models (they support shortening). */
  embeddingDimensions: number;
}

export class OpenAiProvider implements ModelProvider {
  readonly id = 'openai' as const;
  readonly chatModel: string;
  readonly embeddingModel: string;
  readonly visionModel: string | null;
  private readonly client: OpenAI;

  constructor(private readonly config: OpenAiConfig) {
    this.chatModel = config.chatModel;
    this.embeddingModel = config.embeddingModel;
    this.visionModel = config.visionModel;
    this.client = new OpenAI({
      apiKey: config.apiKey,
      baseURL: config.baseURL,
      timeout: config.timeoutMs,
      maxRetries: config.maxRetries,
    });
  }

  async completeJson(task: JsonTask): Promise<JsonAnswer> {
    const model = task.imageDataUrl ? this.visionModel : this.chatModel;
    if (!model) throw new ProviderUnavailableError('no vision model configured');
    const responseFormat = standardResponseFormat(toStandardJsonSchema(task.schema), task.name);
    const userContent: OpenAI.Chat.ChatCompletionUserMessageParam['content'] = task.imageDataUrl
      ? [
          { type: 'text', text: task.user },
          { type: 'image_url', image_url: { url: task.imageDataUrl } },
        ]
      : task.user;
    const completion = await this.call(() =>
      this.client.chat.completions.create({
        model,
        messages: [
          { role: 'system', content: task.system },
          { role: 'user', content: userContent },
        ],
        // Only the wire shape of the helper's format is sent; parsing and validation are the chain's.
        response_format: { type: 'json_schema', json_schema: responseFormat.json_schema },
        max_completion_tokens: task.maxTokens,
        temperature: 0.2,
      }),
    );
    const usage: TokenUsage = {
      promptTokens: completion.usage?.prompt_tokens ?? 0,
      completionTokens: completion.usage?.completion_tokens ?? 0,
    };
    const choice = completion.choices[0];
    if (!choice) throw new ModelOutputError('no choices in the completion', usage);
    if (choice.finish_reason === 'length') throw new ModelOutputError('the answer was cut off (finish_reason: length)', usage);
    if (choice.finish_reason === 'content_filter') throw new ModelOutputError('the answer was filtered', usage);
    if (choice.message.refusal) throw new ModelOutputError(`the model refused: ${choice.message.refusal.slice(0, 200)}`, usage);
    const content = choice.message.content;
    if (!content) throw new ModelOutputError('empty answer', usage);
    let value: unknown;
    try {
      value = JSON.parse(content);
    } catch {
      throw new ModelOutputError('the answer is not JSON', usage);
    }
    return { value, model: completion.model || model, usage };
  }

  async embed(texts: string[]): Promise<EmbeddingAnswer> {
    const shortenable = this.embeddingModel.startsWith('text-embedding-3');
    const response = await this.call(() =>
      this.client.embeddings.create({
        model: this.embeddingModel,
        input: texts,
        // Explicit: without it the SDK asks for base64 and decodes Float32 itself.
        encoding_format: 'float',
        ...(shortenable ? { dimensions: this.config.embeddingDimensions } : {}),
      }),
    );
    const rows = [...response.data].sort((a, b) => a.index - b.index);
    if (rows.length !== texts.length || rows.some((r) => !Array.isArray(r.embedding) || r.embedding.length === 0)) {
      throw new ModelOutputError('embedding answer does not match the input');
    }
    return {
      vectors: rows.map((r) => r.embedding as number[]),
      model: this.embeddingModel,
      usage: { promptTokens: response.usage?.prompt_tokens ?? 0, completionTokens: 0 },
    };
  }

  /** Maps SDK errors (after its own retries) onto the chain's two kinds. */
  private async call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      if (error instanceof OpenAI.APIConnectionTimeoutError) throw new ProviderUnavailableError('OpenAI timed out');
      if (error instanceof OpenAI.APIConnectionError) throw new ProviderUnavailableError(`OpenAI unreachable: ${error.message}`);
      if (error instanceof OpenAI.APIError) {
        throw new ProviderUnavailableError(
          `OpenAI answered ${error.status ?? 'an error'}: ${error.message.slice(0, 200)}`,
          error.status ?? null,
        );
      }
      throw error;
    }
  }
}
