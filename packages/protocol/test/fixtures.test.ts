import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  AppPolicyPatch,
  AppPolicyResult,
  AuthorizeDecision,
  AuthorizeRequest,
  CloseSessionCommand,
  CloseStreamCommand,
  CloseStreamResult,
  CreatedWebhook,
  CreatePullInput,
  CreateTokenInput,
  CreateTokenResult,
  CreateWebhookRequest,
  ErrorBody,
  Health,
  Heartbeat,
  HeartbeatResult,
  NodeCommandResult,
  NodeEvent,
  NodeEventResult,
  NodeList,
  NoViewersDecision,
  NoViewersReport,
  PullList,
  RegisterNode,
  RegisterNodeResult,
  SessionEvents,
  SessionEventsResult,
  SessionList,
  StreamList,
  StreamNotFoundDecision,
  StreamNotFoundReport,
  WebhookDeliveryList,
  WebhookEvent,
  WebhookList,
} from '../src/index.ts';

// Golden messages: a schema change that stops parsing any of these breaks deployed nodes or APIs.
const schemas: Record<string, z.ZodType> = {
  'authorize-request': AuthorizeRequest,
  'authorize-decision': AuthorizeDecision,
  'node-event': NodeEvent,
  'node-event-result': NodeEventResult,
  'register-node': RegisterNode,
  'register-node-result': RegisterNodeResult,
  'error-body': ErrorBody,
  health: Health,
  'stream-list': StreamList,
  heartbeat: Heartbeat,
  'heartbeat-result': HeartbeatResult,
  'session-events': SessionEvents,
  'session-events-result': SessionEventsResult,
  'close-stream-command': CloseStreamCommand,
  'close-session-command': CloseSessionCommand,
  'node-command-result': NodeCommandResult,
  'session-list': SessionList,
  'webhook-event': WebhookEvent,
  'create-webhook-request': CreateWebhookRequest,
  'created-webhook': CreatedWebhook,
  'webhook-list': WebhookList,
  'webhook-delivery-list': WebhookDeliveryList,
  'app-policy-patch': AppPolicyPatch,
  'app-policy-result': AppPolicyResult,
  'create-token-input': CreateTokenInput,
  'create-token-result': CreateTokenResult,
  'node-list': NodeList,
  'create-pull-input': CreatePullInput,
  'pull-list': PullList,
  'close-stream-result': CloseStreamResult,
  'stream-not-found-report': StreamNotFoundReport,
  'stream-not-found-decision': StreamNotFoundDecision,
  'no-viewers-report': NoViewersReport,
  'no-viewers-decision': NoViewersDecision,
};

const dir = new URL('../fixtures/v1/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('fixtures/v1', () => {
  it.each(files)('%s still parses', (file) => {
    const family = file.slice(0, file.indexOf('.'));
    const schema = schemas[family];
    expect(schema, `no schema mapped for fixture family '${family}'`).toBeDefined();
    const raw: unknown = JSON.parse(readFileSync(new URL(file, dir), 'utf8'));
    const result = schema!.safeParse(raw);
    expect(result.success, result.error?.message).toBe(true);
  });

  it('has at least one fixture per message family', () => {
    const families = new Set(files.map((f) => f.slice(0, f.indexOf('.'))));
    expect([...families].sort()).toEqual(Object.keys(schemas).sort());
  });

  it('strips unknown fields instead of rejecting them', () => {
    const raw: unknown = JSON.parse(readFileSync(new URL('register-node.with-streams.json', dir), 'utf8'));
    const parsed = RegisterNode.parse(raw);
    expect(parsed).not.toHaveProperty('futureField');
    expect(parsed.streams).toHaveLength(1);
  });

  it('rejects a message missing a required field', () => {
    const raw = JSON.parse(
      readFileSync(new URL('node-event.stream-unregistered.json', dir), 'utf8'),
    ) as Record<string, unknown>;
    delete raw.at;
    expect(NodeEvent.safeParse(raw).success).toBe(false);
  });
});
