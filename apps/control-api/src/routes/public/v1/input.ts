import type { Context } from 'hono';
import type { z } from 'zod';
import { BadRequestError } from '../../../domain/errors.ts';

/** Parses path parameters with a protocol schema; a failure is a 400 naming the parameter. */
export function parseParams<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  return parseWith('path', c.req.param(), schema);
}

/** Parses the query string with a protocol schema; a failure is a 400 naming the parameter. */
export function parseQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  return parseWith('query', c.req.query(), schema);
}

function parseWith<S extends z.ZodType>(where: string, raw: unknown, schema: S): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issues = result.error.issues
    .slice(0, 5)
    .map((i) => `'${i.path.map(String).join('.')}': ${i.message}`);
  throw new BadRequestError(`invalid ${where}: ${issues.join('; ')}`);
}
