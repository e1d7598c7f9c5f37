/**
 * A pull URL as logs and error texts may show it: scheme, host[:port] and path. Never the userinfo
 * (a password) nor the query (keys, tokens); an unparsable string is not shown at all.
 */
export function redactUrl(url: URL | string): string {
  const parsed = typeof url !== 'string' ? url : URL.canParse(url) ? new URL(url) : undefined;
  if (parsed === undefined) return '(invalid URL)';
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
}
