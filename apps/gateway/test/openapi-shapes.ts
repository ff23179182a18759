/**
 * Checks an answer against the response schema /api/openapi.json documents for its route, so
 * a documented shape cannot drift from what the route really answers (used by the generated
 * route cases on every happy path). JSON Schema validation by @cfworker/json-schema.
 */
import { Validator, type Schema } from '@cfworker/json-schema';
import { expect } from 'vitest';
import { gateway } from './helpers';

let document: Promise<any> | undefined;
export const openApiDocument = (): Promise<any> =>
  (document ??= gateway('/api/openapi.json').then(async (res) => {
    expect(res.status).toBe(200);
    return res.json();
  }));

const openApiPath = (template: string) => template.replace(/:(\w+)\+?/g, '{$1}');

/** The documented JSON schema of `route`'s answer with `status`, or null when it documents no body. */
export async function documentedAnswer(route: string, status: number): Promise<Schema | null> {
  const [method, template] = route.split(' ') as [string, string];
  const operation = (await openApiDocument()).paths[openApiPath(template)]?.[method.toLowerCase()];
  expect(operation, `${route} is not in /api/openapi.json`).toBeDefined();
  const answer = operation.responses[String(status)];
  expect(answer, `${route} documents no ${status} answer (it documents ${Object.keys(operation.responses).join(', ')})`).toBeDefined();
  return answer.content?.['application/json']?.schema ?? null;
}

export async function expectDocumentedShape(route: string, status: number, body: unknown): Promise<void> {
  const schema = await documentedAnswer(route, status);
  if (schema === null) {
    expect(body === null || typeof body === 'string', `${route} documents no JSON body but answered one`).toBe(true);
    return;
  }
  const result = new Validator(schema, '2020-12', false).validate(body);
  expect(
    result.errors.map((e) => `${e.instanceLocation}: ${e.error}`),
    `${route} answer differs from its documented shape`,
  ).toEqual([]);
}
