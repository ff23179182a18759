/** Client-supplied request ids are kept only when they look like an id, not free text. */
const WELL_FORMED_REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{7,127}$/;

export function isWellFormedRequestId(value: string | null | undefined): value is string {
  return typeof value === 'string' && WELL_FORMED_REQUEST_ID.test(value);
}

export function resolveRequestId(headerValue: string | null | undefined): string {
  return isWellFormedRequestId(headerValue) ? headerValue : crypto.randomUUID();
}
