import type { Context } from 'hono';
import type { z } from 'zod';
import { BadRequestError } from '../domain/errors.ts';

/** Reads a JSON body and parses it with a protocol schema; failures become a 400 naming the fields. */
export async function parseJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new BadRequestError('request body is not valid JSON');
  }
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, 5).map((i) => {
    const path = i.path.length === 0 ? '(body)' : `'${i.path.map(String).join('.')}'`;
    return `${path}: ${i.message}`;
  });
  throw new BadRequestError(`invalid request: ${issues.join('; ')}`);
}
