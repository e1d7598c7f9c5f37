// The URL parser stores `{` and `}` in a path percent-encoded, so both spellings are placeholders.
const PLACEHOLDER = /\{(app|stream)\}|%7[bB](app|stream)%7[dD]/g;

/** A pull source URL with `{app}` and `{stream}` replaced by the URL-encoded names of the stream asked for. */
export function fillPullUrl(url: string, names: { app: string; stream: string }): string {
  return url.replace(PLACEHOLDER, (_match, plain: string | undefined, encoded: string | undefined) =>
    encodeURIComponent((plain ?? encoded) === 'app' ? names.app : names.stream),
  );
}
