import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/** Raised with a message naming the offending key, so a bad setting fails fast at start. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** `rtmp.port` → `MEDIAPLANE_RTMP_PORT`; `control.nodeSecret` → `MEDIAPLANE_CONTROL_NODE_SECRET`. */
export function envName(path: readonly string[]): string {
  return `MEDIAPLANE_${path.map((p) => p.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()).join('_')}`;
}

/**
 * Loads a config: the YAML file (if any), then `MEDIAPLANE_*` variables for every key the
 * schema knows, then validation. Numbers and booleans in env values are coerced by the schema's type.
 */
export function loadConfig<S extends z.ZodType>(
  schema: S,
  options: { file?: string; env?: Record<string, string | undefined> } = {},
): z.infer<S> {
  const env = options.env ?? process.env;
  let raw: Record<string, unknown> = {};
  if (options.file) {
    try {
      raw = (parseYaml(readFileSync(options.file, 'utf8')) as Record<string, unknown> | null) ?? {};
    } catch (err) {
      throw new ConfigError(`cannot read config file ${options.file}: ${(err as Error).message}`);
    }
  }
  overlayEnv(raw, schema, [], env);
  const result = schema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const key = issue.path.join('.');
    throw new ConfigError(
      `invalid config '${key}' (env ${envName(issue.path.map(String))}): ${issue.message}`,
    );
  }
  return result.data;
}

function overlayEnv(
  target: Record<string, unknown>,
  schema: z.ZodType,
  path: string[],
  env: Record<string, string | undefined>,
): void {
  const obj = unwrap(schema);
  if (!(obj instanceof z.ZodObject)) return;
  for (const [key, field] of Object.entries(obj.shape as Record<string, z.ZodType>)) {
    const p = [...path, key];
    const inner = unwrap(field);
    if (inner instanceof z.ZodObject) {
      target[key] ??= {};
      const child = target[key] as Record<string, unknown>;
      overlayEnv(child, inner, p, env);
      continue;
    }
    const value = env[envName(p)];
    if (value === undefined || value === '') continue;
    target[key] =
      inner instanceof z.ZodNumber ? Number(value) : inner instanceof z.ZodBoolean ? value === 'true' : value;
  }
}

/** Looks through default/optional wrappers to the type that decides how an env string is read. */
function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  while (s instanceof z.ZodDefault || s instanceof z.ZodPrefault || s instanceof z.ZodOptional) {
    s = s.unwrap() as z.ZodType;
  }
  return s;
}

/** Loads config for an entry point: from MEDIAPLANE_CONFIG or ./mediaplane.yml; exits with the key's name on error. */
export function loadConfigOrExit<S extends z.ZodType>(schema: S): z.infer<S> {
  const file = process.env.MEDIAPLANE_CONFIG ?? (existsSync('mediaplane.yml') ? 'mediaplane.yml' : undefined);
  try {
    return loadConfig(schema, { file });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(err.message);
    process.exit(2);
  }
}
