import type { z } from 'zod';

/** HTTP methods the API uses. */
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** A response a route documents; no schema means no body (e.g. 204). */
export interface ResponseDoc {
  readonly description: string;
  readonly schema?: z.ZodType;
}

/**
 * What the OpenAPI document says about one route. Routes validate with the same protocol schemas
 * they list here, so the document describes what the code accepts.
 */
export interface RouteDoc {
  readonly method: HttpMethod;
  /** The full path in OpenAPI form, e.g. `/v1/apps/{app}/policy`. */
  readonly path: string;
  readonly tag: string;
  readonly summary: string;
  readonly description?: string;
  /** An object schema of the path parameters. */
  readonly params?: z.ZodObject;
  /** An object schema of the query parameters. */
  readonly query?: z.ZodObject;
  /** The JSON request body. */
  readonly body?: z.ZodType;
  /** Successful responses by status. */
  readonly responses: Readonly<Record<number, ResponseDoc>>;
  /** Error statuses beyond the ones every /v1 route may return (400, 401, 500), e.g. 404. */
  readonly errors?: readonly number[];
}
