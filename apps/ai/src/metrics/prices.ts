/**
 * List prices in USD per million tokens (input, output), for the cost estimates in
 * /api/analytics. Estimates, not invoices: update with the providers' price pages.
 * Workers AI bills in neurons; these are its published per-token equivalents.
 */
const PRICES: Record<string, { input: number; output: number }> = {
  'openai:gpt-4o-mini': { input: 0.15, output: 0.6 },
  'openai:gpt-4o': { input: 2.5, output: 10 },
  'openai:gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'openai:text-embedding-3-small': { input: 0.02, output: 0 },
  'openai:text-embedding-3-large': { input: 0.13, output: 0 },
  'workers-ai:@cf/meta/llama-3.3-70b-instruct-fp8-fast': { input: 0.29, output: 2.25 },
  'workers-ai:@cf/meta/llama-3.1-8b-instruct': { input: 0.28, output: 0.83 },
  'workers-ai:@cf/baai/bge-base-en-v1.5': { input: 0.067, output: 0 },
};

/** Cost of a call in micro-dollars (0 for the local provider and unknown models). */
export function costUsdMicros(provider: string, model: string, promptTokens: number, completionTokens: number): number {
  const price = PRICES[`${provider}:${model}`];
  if (!price) return 0;
  return Math.round(promptTokens * price.input + completionTokens * price.output);
}

export const isPriced = (provider: string, model: string): boolean => `${provider}:${model}` in PRICES;
