import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Match } from 'aws-cdk-lib/assertions';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_FILE, esbuildOptions } from '../../infra/bundling';
import { webhookTimeout } from '../../infra/functions';
import {
  logicalId,
  removeTemporaryOutdirs,
  type Synthesized,
  synthesize,
  temporaryOutdir,
  testConfig,
} from './fixture';

afterAll(removeTemporaryOutdirs);

type Resource = { Properties: Record<string, unknown> };

/** The one function whose logical id starts with `prefix`. */
function functionResource(synth: Synthesized, prefix: string): Resource {
  const id = logicalId(synth.template, 'AWS::Lambda::Function', prefix);
  return synth.template.findResources('AWS::Lambda::Function')[id] as Resource;
}

describe('the webhook and worker functions', () => {
  const config = testConfig();
  let synth: Synthesized;
  let webhook: Resource;
  let worker: Resource;

  beforeAll(() => {
    synth = synthesize(config);
    webhook = functionResource(synth, 'FunctionsWebhook');
    worker = functionResource(synth, 'FunctionsWorker');
  });

  it('run index.handler and index.worker on nodejs24.x, arm64, with 256 MB', () => {
    for (const [fn, handler] of [
      [webhook, 'index.handler'],
      [worker, 'index.worker'],
    ] as const) {
      expect(fn.Properties).toMatchObject({
        Handler: handler,
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        MemorySize: 256,
      });
    }
  });

  it('share one code asset, so the bundle is built and uploaded once', () => {
    const webhookCode = webhook.Properties.Code;
    const workerCode = worker.Properties.Code;

    expect(webhookCode).toEqual(workerCode);
    expect(Object.keys(synth.template.findResources('AWS::Lambda::Function'))).toHaveLength(2);
  });

  it('give the webhook a timeout above the Conpeek timeout and below Calendly’s 15 s', () => {
    const timeout = webhook.Properties.Timeout as number;

    expect(timeout).toBe(10);
    expect(timeout * 1000).toBeGreaterThan(config.conpeek.timeoutMs);
    expect(timeout).toBeLessThan(15);
  });

  it('cap the webhook timeout at 14 s however slow Conpeek may be', () => {
    const slow = { ...config, conpeek: { ...config.conpeek, timeoutMs: 25_000 } };

    expect(webhookTimeout(slow).toSeconds()).toBe(14);
  });

  it('give the worker 60 s and no asynchronous retries (the next run is a minute away)', () => {
    const workerId = logicalId(synth.template, 'AWS::Lambda::Function', 'FunctionsWorker');

    expect(worker.Properties.Timeout).toBe(60);
    synth.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: workerId },
      MaximumRetryAttempts: 0,
    });
  });

  it('pass only table names, Powertools settings and source maps in the environment', () => {
    const idempotency = logicalId(synth.template, 'AWS::DynamoDB::Table', 'IdempotencyTable');
    const bookings = logicalId(synth.template, 'AWS::DynamoDB::Table', 'BookingsTable');
    const expected = {
      Variables: {
        IDEMPOTENCY_TABLE_NAME: { Ref: idempotency },
        BOOKINGS_TABLE_NAME: { Ref: bookings },
        POWERTOOLS_SERVICE_NAME: 'conpeek-meet-webhook',
        POWERTOOLS_METRICS_NAMESPACE: 'ConpeekMeetWebhook',
        NODE_OPTIONS: '--enable-source-maps',
      },
    };

    expect(webhook.Properties.Environment).toEqual(expected);
    expect(worker.Properties.Environment).toEqual(expected);
  });

  it('reserve the configured concurrency for the webhook function only', () => {
    expect(webhook.Properties.ReservedConcurrentExecutions).toBe(5);
    expect(worker.Properties.ReservedConcurrentExecutions).toBeUndefined();
  });

  it('send each function’s logs to its own log group, kept for the configured days', () => {
    const webhookLogs = logicalId(synth.template, 'AWS::Logs::LogGroup', 'FunctionsWebhookLogs');
    const workerLogs = logicalId(synth.template, 'AWS::Logs::LogGroup', 'FunctionsWorkerLogs');
    const groups = synth.template.findResources('AWS::Logs::LogGroup');

    expect(webhook.Properties.LoggingConfig).toEqual({ LogGroup: { Ref: webhookLogs } });
    expect(worker.Properties.LoggingConfig).toEqual({ LogGroup: { Ref: workerLogs } });
    expect(groups[webhookLogs]?.Properties).toMatchObject({ RetentionInDays: 14 });
    expect(groups[workerLogs]?.Properties).toMatchObject({ RetentionInDays: 14 });
  });

  describe('the bundle', () => {
    let assetDir: string;

    beforeAll(() => {
      const s3Key = (webhook.Properties.Code as { S3Key: string }).S3Key;
      assetDir = join(synth.outdir, `asset.${s3Key.replace(/\.zip$/, '')}`);
    });

    it('is an ES module with a source map and the validated config baked in', () => {
      const code = readFileSync(join(assetDir, BUNDLE_FILE), 'utf8');

      expect(existsSync(join(assetDir, `${BUNDLE_FILE}.map`))).toBe(true);
      expect(code).toContain('https://conpeek.example.com/api');
      expect(code).toContain('/cmw-test/zapier-token');
    });

    it('loads in a fresh Node process with only AWS_REGION set, exporting both handlers', () => {
      const url = pathToFileURL(join(assetDir, BUNDLE_FILE)).href;
      const script = `const m = await import(${JSON.stringify(url)});
        process.stdout.write(JSON.stringify(Object.keys(m).sort()));`;

      // A fresh process: importing runs the cold-start code (config parse, client set-up).
      const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
        env: { PATH: process.env.PATH, AWS_REGION: 'eu-central-1' },
        encoding: 'utf8',
      });

      expect(JSON.parse(output)).toEqual(['handler', 'worker']);
    });

    it('is byte for byte what esbuildOptions builds: the benchmark measures it', async () => {
      const outfile = join(temporaryOutdir(), BUNDLE_FILE);

      await build(esbuildOptions(config, outfile));

      expect(readFileSync(outfile)).toEqual(readFileSync(join(assetDir, BUNDLE_FILE)));
    });
  });

  describe('the worker schedule', () => {
    it('invokes the worker every minute', () => {
      const workerId = logicalId(synth.template, 'AWS::Lambda::Function', 'FunctionsWorker');

      synth.template.hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: 'rate(1 minute)',
        State: 'ENABLED',
        Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [workerId, 'Arn'] } })],
      });
    });
  });
});

describe('a webhook function without reserved concurrency', () => {
  it('is left unreserved when settings.reservedConcurrency is null', () => {
    const { template } = synthesize(testConfig({ reservedConcurrency: null }), {
      skipBundling: true,
    });

    template.allResourcesProperties('AWS::Lambda::Function', {
      ReservedConcurrentExecutions: Match.absent(),
    });
  });
});
