/** Calls to third-party APIs: a deadline on every request, and failures as values, not crashes. */

export const EXTERNAL_TIMEOUT_MS = 10_000;

/** A base URL var without trailing slashes; null when unset or blank. */
export function baseUrl(value: string | undefined): string | null {
  const trimmed = value?.trim().replace(/\/+$/, '');
  return trimmed ? trimmed : null;
}

export interface ExternalAnswer {
  status: number;
  headers: Headers;
  text: string;
}

/** fetch with a deadline; a network failure or timeout throws an Error naming the host. */
export async function fetchExternal(url: string, init: RequestInit, timeoutMs = EXTERNAL_TIMEOUT_MS): Promise<ExternalAnswer> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const host = new URL(url).host;
    const timedOut = error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError');
    throw new Error(timedOut ? `${host} did not answer within ${Math.round(timeoutMs / 1000)} s` : `${host} could not be reached`);
  }
  return { status: response.status, headers: response.headers, text: await response.text() };
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
