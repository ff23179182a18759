/**
 * One structured JSON line per request, the same shape in every Worker, so ops can join
 * the per-service log streams on requestId.
 */
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
  error?: string;
  [extra: string]: unknown;
}

export function logRequest(line: RequestLogLine): void {
  console.log(JSON.stringify({ level: line.status >= 500 ? 'error' : 'info', msg: 'request', ...line }));
}

export function logEvent(
  level: 'debug' | 'info' | 'warn' | 'error',
  msg: string,
  fields: Record<string, unknown> = {},
): void {
  const line = JSON.stringify({ level, msg, ...fields });
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.log(line);
}
