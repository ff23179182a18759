/**
 * One entry per core route of the gateway table. core-routes.test.ts runs, through the real
 * gateway and the real core Worker: the happy path, a validation failure, a missing resource
 * and another user's resource — so a new core route cannot ship without those four checks.
 */
import { asUser, type Json } from '../helpers';

/** Calls the gateway as one user. `path` may carry a query string. */
export interface UserApi {
  userId: string;
  /** The session_id of every token this caller sends. */
  sessionId: string;
  /** `headers` are sent as well (e.g. forged identity headers the gateway must ignore). */
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  /** Calls and asserts the status; returns the parsed JSON body (text when not JSON, null for 204). */
  json(method: string, path: string, body: unknown, expectStatus: number): Promise<Json>;
}

export function userApi(userId: string, sessionId = `sess-${crypto.randomUUID()}`): UserApi {
  // FormData (multipart uploads) is sent as is; anything else as JSON.
  const call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    asUser(
      userId,
      path,
      body === undefined
        ? { method, sessionId, headers }
        : body instanceof FormData
          ? { method, sessionId, headers, body }
          : { method, sessionId, headers, json: body },
    );
  return {
    userId,
    sessionId,
    call,
    async json(method, path, body, expectStatus) {
      const res = await call(method, path, body);
      const text = await res.text();
      if (res.status !== expectStatus) {
        throw new Error(`${method} ${path} → ${res.status}, expected ${expectStatus}: ${text.slice(0, 500)}`);
      }
      if (!text) return null;
      // Non-JSON answers (file downloads) come back as text.
      return /^application\/json\b/i.test(res.headers.get('content-type') ?? '') ? JSON.parse(text) : text;
    },
  };
}

export type Params = Record<string, string>;

export interface RouteCase {
  /** `METHOD /template` exactly as in apps/gateway/src/routes/table.ts. */
  route: string;
  /** Creates what the route acts on, as `owner`; returns the path parameters (e.g. `{ id }`). */
  setup?: (owner: UserApi) => Promise<Params>;
  /** A valid request: optional query string (`?a=b`), body, and the expected status. */
  valid: {
    /** A function when the query depends on the setup (e.g. a signed URL's signature). */
    query?: string | ((p: Params) => string);
    body?: unknown | ((p: Params) => unknown);
    status: number;
    check?: (body: Json, p: Params) => void;
  };
  /**
   * A request the contract forbids → 400 VALIDATION_ERROR: a bad query, body or path parameter
   * (`params` override the setup's). `null` only with a reason in `invalidNotApplicable` (a
   * route with no input at all); the test is then registered as skipped, with the reason.
   */
  invalid: { params?: Params; query?: string; body?: unknown } | null;
  invalidNotApplicable?: string;
  /**
   * Another user calls the route with the owner's parameters → 404 and nothing changes.
   * `snapshot` reads the owner's state before and after (defaults to GET of the same path
   * when the route is not a GET). Routes with no parameter are per-user by construction:
   * give `crossUserNotApplicable` instead and the test checks the other user sees none of
   * the owner's data via `isolation`.
   */
  snapshot?: (owner: UserApi, p: Params) => Promise<unknown>;
  crossUserNotApplicable?: string;
  /**
   * A hand-written cross-user check, after the owner's setup: what the other user's call must
   * not reveal or change (parameterless routes; routes linking a resource named in the body).
   */
  isolation?: (other: UserApi, owner: UserApi, p: Params) => Promise<void>;
  /**
   * Body properties that name one of the caller's resources (e.g. `jobId`): the setup returns
   * them like path parameters, and the missing/other-user checks run with them replaced. Needs
   * `snapshot` (there is no same-path GET of the owner's state).
   */
  bodyIds?: string[];
  /** Parameters that name nothing (a fresh UUID by default) → 404. */
  missingParams?: Params;
}

export type { Json };

/** Every `:id` is 1–100 characters (IdParam): a longer one is the invalid input of a route with no other. */
export const OVERLONG_ID = { params: { id: 'x'.repeat(101) } };
