/**
 * No amplification: nothing in a request changes where we send the Conpeek key (host headers,
 * query, body fields naming a URL); a flood of one genuine booking becomes one Conpeek call and
 * a flood of forgeries none; and the stage throttling and reserved concurrency that bound what
 * reaches the function have safe defaults that the stack applies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploymentConfig } from '../../infra/config';
import { parseConfig } from '../../lambda/config/schema';
import { listen, type RunningServer } from '../../local/http-server';
import { SIGNERS } from '../../local/sign';
import { logicalId, removeTemporaryOutdirs, synthesize, testDocument } from '../infra/fixture';
import { booking, bookingText } from '../support/bookings';
import { type Capture, captureOutput } from '../support/capture';
import { KINDS, SecurityHarness } from '../support/security';

const harness = new SecurityHarness();
let output: Capture;
let trap: RunningServer;
let trapped = 0;

beforeAll(async () => {
  output = captureOutput();
  trap = await listen((_request, response) => {
    trapped += 1;
    response.end('{}');
  });
  await harness.start();
});
afterAll(async () => {
  await harness.close();
  await trap.close();
  output.restore();
  removeTemporaryOutdirs();
});

describe('where the Conpeek key goes', () => {
  it.each(KINDS)('%s: to the configured endpoint, whatever the request names', async (kind) => {
    const elsewhere = `${trap.url}/meets/meet`;
    const body = booking(kind);
    for (const field of ['url', 'conpeek_url', 'endpoint', 'base_url', 'callback_url', '_url']) {
      body[field] = elsewhere;
    }
    const text = JSON.stringify(body);
    const host = new URL(trap.url).host;
    const headers = {
      ...harness.headersFor(kind, text),
      host,
      'x-forwarded-host': host,
      'x-forwarded-proto': 'http',
      forwarded: `host=${host};proto=http`,
    };
    const before = harness.received().length;

    const reply = await harness.send(kind, text, headers, `?url=${encodeURIComponent(elsewhere)}`);

    expect(reply.json.status).toBe('created');
    const calls = harness.received().slice(before);
    expect(calls.map((call) => call.path)).toEqual(['/api/meets/meet']);
    expect(Object.keys(JSON.parse(calls[0]?.body ?? '{}')).sort()).toEqual([
      'from_date',
      'project_target_identifier',
    ]);
    expect(trapped).toBe(0);
  });

  it('verifies HubSpot against its configured publicUrl, not the Host header', async () => {
    const text = bookingText('hubspot');
    const signedForTrap = SIGNERS.hubspot?.({
      body: text,
      secret: harness.secretOf('hubspot'),
      now: harness.clock.now(),
      url: `${trap.url}/webhooks/hubspot`,
    });

    const reply = await harness.send('hubspot', text, {
      ...signedForTrap,
      host: new URL(trap.url).host,
    });

    expect(reply.status).toBe(401);
    expect(reply.json.error.message).toMatch(/publicUrl/);
  });
});

describe('a flood', () => {
  it('of one genuine booking, 40 at once, reaches Conpeek once', async () => {
    const text = bookingText('generic');
    const headers = harness.headersFor('generic', text);
    const before = harness.received().length;

    const replies = await Promise.all(
      Array.from({ length: 40 }, () => harness.send('generic', text, headers)),
    );

    const outcomes = replies.map((reply) => reply.json.status ?? reply.status);
    expect(harness.received().length - before).toBe(1);
    expect(outcomes.filter((outcome) => outcome === 'created')).toHaveLength(1);
    expect(outcomes.every((outcome) => ['created', 'duplicate', 409].includes(outcome))).toBe(true);
  });

  it('of 105 forgeries across every kind reaches Conpeek not once', async () => {
    const before = harness.received().length;

    const replies = await Promise.all(
      KINDS.flatMap((kind) =>
        Array.from({ length: 15 }, () => {
          const text = bookingText(kind);
          const forged = harness.headersFor(kind, text, { secret: 'whsec_Zm9yZ2VkLWtleS0xMjM0' });
          return harness.send(kind, text, forged);
        }),
      ),
    );

    expect(replies.map((reply) => reply.status)).toEqual(replies.map(() => 401));
    expect(harness.received().length).toBe(before);
  });
});

describe('throttling and concurrency', () => {
  const minimal = () => {
    const document = testDocument() as { settings: Record<string, unknown> };
    delete document.settings.throttle;
    delete document.settings.reservedConcurrency;
    return document;
  };

  it('default to 20 requests a second (bursts of 40) and 10 concurrent functions', () => {
    const { settings } = deploymentConfig(minimal(), 'the test document');

    expect(settings.throttle).toEqual({ rateLimit: 20, burstLimit: 40 });
    expect(settings.reservedConcurrency).toBe(10);
  });

  it.each([
    ['throttle', { rateLimit: 10_001, burstLimit: 40 }],
    ['throttle', { rateLimit: 20, burstLimit: 5_001 }],
    ['reservedConcurrency', 0],
    ['reservedConcurrency', 1_001],
  ])('refuses %s %j, which would let a flood through', (setting, value) => {
    const document = minimal();
    document.settings[setting] = value;

    expect(() => parseConfig(document, 'the test document')).toThrow(`settings.${setting}`);
  });

  it('are applied by the stack when left to their defaults', () => {
    const { template } = synthesize(deploymentConfig(minimal(), 'the test document'), {
      skipBundling: true,
    });
    const webhook = logicalId(template, 'AWS::Lambda::Function', 'FunctionsWebhook');

    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
    });
    expect(template.findResources('AWS::Lambda::Function')[webhook]?.Properties).toMatchObject({
      ReservedConcurrentExecutions: 10,
    });
  });
});
