/**
 * One structured JSON line per request and per notable event, the same shape in every
 * Worker, so ops can join the per-service log streams on requestId. LOG_LEVEL (a var,
 * default info) drops lines below it; the test configs set warn so a failure's reason is
 * not buried under request lines.
 */
import type { ApiError } from './errors';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

let threshold = LOG_LEVELS.indexOf('info');

/**
 * Sets the level for this isolate from the Worker's LOG_LEVEL var (unknown values → info).
 * A var is the same for every request an isolate serves, so setting it per request is safe.
 */
export function setLogLevel(level: string | undefined): void {
  const index = LOG_LEVELS.indexOf((level ?? 'info').toLowerCase() as LogLevel);
  threshold = index === -1 ? LOG_LEVELS.indexOf('info') : index;
}

export interface RequestLogLine {
  service: string;
  env: string;
  requestId: string;
  method: string;
  route: string;
  status: number;
  durationMs: number;
  userId?: string;
  errorCode?: string;
  [extra: string]: unknown;
}

export function logRequest(line: RequestLogLine): void {
  logEvent(line.status >= 500 ? 'error' : 'info', 'request', line);
}

export function logEvent(level: LogLevel, msg: string, fields: Record<string, unknown> = {}): void {
  if (LOG_LEVELS.indexOf(level) < threshold) return;
  const line = JSON.stringify({ level, msg, ...fields });
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.log(line);
}

const MAX_STACK_CHARS = 4000;

/**
 * The one way an unexpected exception (anything thrown that is not an ApiError, turned into
 * a 500 by toApiError) is logged: its name, message and stack, with the request it broke.
 * Expected errors (ApiError) are already in the request line as errorCode.
 */
export function logUnexpected(error: ApiError, context: { service: string; requestId: string; route?: string }): void {
  if (error.cause === undefined) return;
  const cause = error.cause;
  const described =
    cause instanceof Error
      ? { error: `${cause.name}: ${cause.message}`, stack: cause.stack?.slice(0, MAX_STACK_CHARS) }
      : { error: String(cause) };
  logEvent('error', 'unexpected_exception', { ...context, ...described });
}
