import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  AppPolicyPatch,
  AppPolicyResult,
  AuthorizeDecision,
  StreamNotFoundDecision,
  StreamNotFoundReport,
  WebhookEvent,
} from '../src/index.ts';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../fixtures/v1/${name}`, import.meta.url), 'utf8'));

describe('the lifecycle additions to the contract', () => {
  it('a policy from an API older than the decision URL parses with the defaults filled in', () => {
    expect(AppPolicyResult.parse(fixture('app-policy-result.defaults.json'))).toMatchObject({
      decisionUrl: null,
      decisionTimeoutMs: 1000,
    });
  });

  it('a patch leaves out what it does not name (no defaults), and may clear the decision URL', () => {
    expect(AppPolicyPatch.parse({ play: 'token' })).toEqual({ play: 'token' });
    expect(AppPolicyPatch.parse(fixture('app-policy-patch.clear-decision-url.json'))).toEqual({
      decisionUrl: null,
    });
    expect(AppPolicyPatch.safeParse({ decisionTimeoutMs: 20 }).success).toBe(false);
  });

  it('an allow from an API older than lifecycle still parses, without one', () => {
    expect(AuthorizeDecision.parse(fixture('authorize-decision.allow.json'))).toEqual({ allow: true });
  });

  it('a not-found report without params gets none', () => {
    expect(StreamNotFoundReport.parse(fixture('stream-not-found-report.minimal.json')).params).toEqual({});
  });

  it('a pull decision needs a URL', () => {
    expect(StreamNotFoundDecision.safeParse({ action: 'pull' }).success).toBe(false);
  });

  it('the new webhook events carry their decision', () => {
    const event = WebhookEvent.parse(fixture('webhook-event.stream-no-viewers.json'));
    expect(event.type === 'stream.no_viewers' && event.data.decision).toBe('close');
    const bad = {
      ...(fixture('webhook-event.stream-not-found.json') as object),
      data: { decision: 'maybe' },
    };
    expect(WebhookEvent.safeParse(bad).success).toBe(false);
  });
});
