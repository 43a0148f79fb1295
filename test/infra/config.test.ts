import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../infra/bundling';
import { deploymentConfig } from '../../infra/config';
import { ConfigError } from '../../lambda/config/schema';
import { CONTEXT_KEY } from '../../local/config-file';
import { removeTemporaryOutdirs, temporaryOutdir, testDocument } from './fixture';

afterAll(removeTemporaryOutdirs);

const ORIGIN = 'cdk.json context conpeekMeetWebhook';

/** The test document's parts this file changes, typed loosely enough to break them. */
interface Editable {
  conpeek: { url: string };
  settings: { logRetentionDays: number };
  sources: [{ project: string }, { project: string }];
}

/** testDocument() with one change applied. */
function documentWith(change: (document: Editable) => void): unknown {
  const document = testDocument();
  change(document as unknown as Editable);
  return document;
}

/** The error deploymentConfig throws for `document`. */
function errorFor(document: unknown): ConfigError {
  try {
    deploymentConfig(document, ORIGIN);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('deploymentConfig accepted the document');
}

describe('the deployment config', () => {
  it('accepts the test document and fills in the defaults', () => {
    const config = deploymentConfig(testDocument(), ORIGIN);

    expect(config.sources.map((source) => source.name)).toEqual(['calendly', 'zapier-crm']);
    expect(config.settings.idempotencyDays).toBe(7);
  });

  it('refuses a project with a space, naming the source’s field and where it came from', () => {
    const document = documentWith((d) => {
      d.sources[0].project = 'bad project';
    });

    const error = errorFor(document);

    expect(error.message).toMatch(/^The configuration in cdk\.json context conpeekMeetWebhook/);
    expect(error.message).toContain('sources.0.project: must be 1-64 letters');
  });

  it('refuses a plain http Conpeek URL', () => {
    const document = documentWith((d) => {
      d.conpeek.url = 'http://example.com';
    });

    expect(errorFor(document).message).toContain('conpeek.url: must be https:');
  });

  it('refuses even a loopback http URL, which only a local run can use', () => {
    const document = documentWith((d) => {
      d.conpeek.url = 'http://127.0.0.1:4010';
    });

    expect(errorFor(document).message).toContain(
      'conpeek.url: must be https: for a deployed stack (http://127.0.0.1:4010',
    );
  });

  it('refuses an https Conpeek URL on loopback, which no deployed function can reach', () => {
    const document = documentWith((d) => {
      d.conpeek.url = 'https://localhost:8443/api';
    });

    expect(errorFor(document).message).toContain('conpeek.url: must be https: for a deployed');
  });

  describe('the URL a signing sender calls (publicUrl)', () => {
    /** testDocument() with a third source of `kind` whose publicUrl is `url`. */
    const withPublicUrl = (kind: 'hubspot' | 'livespace', url: string) =>
      documentWith((d) => {
        (d.sources as unknown as object[]).push({
          name: kind,
          kind,
          secretParameter: `/cmw-test/${kind}`,
          project: 'PSKQMXUAZ',
          publicUrl: url,
          ...(kind === 'livespace' ? { startField: 'data.start' } : {}),
        });
      });

    it.each([
      ['hubspot', 'http://127.0.0.1:3000/webhooks/hubspot'],
      ['livespace', 'http://localhost:3000/webhooks/livespace'],
      ['hubspot', 'https://127.0.0.1/webhooks/hubspot'],
      ['livespace', 'https://[::1]/webhooks/livespace'],
    ] as const)('refuses a %s source signing for %s', (kind, url) => {
      const error = errorFor(withPublicUrl(kind, url));

      expect(error.message).toContain(
        `sources.2.publicUrl: must be the https: URL the sender calls for a deployed stack (${url}`,
      );
    });

    it.each(['hubspot', 'livespace'] as const)('accepts an https URL for a %s source', (kind) => {
      const document = withPublicUrl(kind, `https://hooks.example.com/webhooks/${kind}`);

      expect(deploymentConfig(document, ORIGIN).sources).toHaveLength(3);
    });
  });

  it('refuses a log retention CloudWatch Logs does not offer, listing the ones it does', () => {
    const document = documentWith((d) => {
      d.settings.logRetentionDays = 10;
    });

    expect(errorFor(document).message).toContain(
      'settings.logRetentionDays: CloudWatch Logs does not offer 10 days; choose one of 1, 3, 5',
    );
  });

  it('says where the config belongs when there is none', () => {
    expect(errorFor(undefined).message).toContain(`add the "${CONTEXT_KEY}" object`);
  });
});

/** Runs infra/app.ts the way the CDK CLI does: context in CDK_CONTEXT_JSON, CDK_OUTDIR. */
function runApp(document: unknown, outdir: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', join('infra', 'app.ts')], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      CDK_OUTDIR: outdir,
      CDK_CONTEXT_JSON: JSON.stringify({
        [CONTEXT_KEY]: document,
        // Skips esbuild: these runs are about the config and the checks, not the bundle.
        'aws:cdk:bundling-stacks': [],
      }),
    },
  });
}

describe('the CDK app (infra/app.ts)', () => {
  it('fails with one readable sentence, and no stack trace, on a bad config', () => {
    const document = documentWith((d) => {
      d.sources[1].project = 'bad project';
    });

    const result = runApp(document, temporaryOutdir());

    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      'The configuration in cdk.json context conpeekMeetWebhook is invalid: ' +
        'sources.1.project: must be 1-64 letters, digits, "-" or "_" (e.g. PSKQMXUAZ).',
    );
  });

  it('synthesizes the ConpeekMeetWebhook stack with the AwsSolutions checks on a good one', () => {
    const outdir = temporaryOutdir();

    const result = runApp(testDocument(), outdir);

    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(existsSync(join(outdir, 'ConpeekMeetWebhook.template.json'))).toBe(true);
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
    expect(report.pluginReports).toContainEqual(
      expect.objectContaining({ pluginName: 'AwsSolutions', conclusion: 'success' }),
    );
  });
});
