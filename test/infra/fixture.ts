/**
 * Synthesizes the stack from a test config, not from cdk.json, so the assertions do not move
 * when the operator edits their deployment. Each synth bundles and costs seconds: test files
 * call {@link synthesize} once, in `beforeAll`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { deploymentConfig } from '../../infra/config';
import { applyNagChecks } from '../../infra/nag';
import { ConpeekMeetWebhookStack, STACK_NAME } from '../../infra/stack';
import type { Config } from '../../lambda/config/schema';

/** A deployment document with every setting the stack reads set to a recognisable value. */
export function testDocument(): Record<string, unknown> {
  return {
    conpeek: {
      url: 'https://conpeek.example.com/api',
      keyParameter: '/cmw-test/conpeek-key',
      timeoutMs: 6_000,
    },
    settings: {
      throttle: { rateLimit: 7, burstLimit: 13 },
      reservedConcurrency: 5,
      alarmEmail: 'ops@example.com',
      parkedAlarmMinutes: 45,
      logRetentionDays: 14,
    },
    sources: [
      {
        name: 'calendly',
        kind: 'calendly',
        secretParameter: '/cmw-test/calendly-signing-key',
        project: 'PSKQMXUAZ',
      },
      {
        name: 'zapier-crm',
        kind: 'generic',
        secretParameter: '/cmw-test/zapier-token',
        project: 'PSKQMXUAZ',
      },
    ],
  };
}

/** {@link testDocument}, validated, with `settings` changed as given. */
export function testConfig(settings: Record<string, unknown> = {}): Config {
  const document = testDocument();
  document.settings = { ...(document.settings as object), ...settings };
  return deploymentConfig(document, 'the test config');
}

export interface Synthesized {
  readonly template: Template;
  readonly stack: ConpeekMeetWebhookStack;
  /** The cloud assembly directory (cdk.out), with the bundled asset. */
  readonly outdir: string;
  readonly assembly: CloudAssembly;
}

export interface SynthOptions {
  /** Run cdk-nag's AwsSolutions checks, as `infra/app.ts` does. */
  readonly nag?: boolean;
  /** Skip esbuild (for variants whose assertions do not look at the bundle). */
  readonly skipBundling?: boolean;
  /** Changes the stack before synthesis (to prove a check can fail). */
  readonly alter?: (stack: Stack) => void;
  /** Where to write the assembly; a fresh temporary directory when not given. */
  readonly outdir?: string;
}

const outdirs: string[] = [];

/** A fresh temporary directory for a cloud assembly; see {@link removeTemporaryOutdirs}. */
export function temporaryOutdir(): string {
  const outdir = mkdtempSync(join(tmpdir(), 'cmw-synth-'));
  outdirs.push(outdir);
  return outdir;
}

/** Deletes every directory {@link temporaryOutdir} made (each holds a 2 MB bundle). */
export function removeTemporaryOutdirs(): void {
  for (const outdir of outdirs.splice(0)) rmSync(outdir, { recursive: true, force: true });
}

/** Builds the app around `config` and synthesizes it into a fresh temporary directory. */
export function synthesize(config: Config, options: SynthOptions = {}): Synthesized {
  const outdir = options.outdir ?? temporaryOutdir();
  const app = new App({
    outdir,
    // CDK's way of synthesizing a stack without bundling its assets (`cdk synth -e` uses it).
    context: options.skipBundling ? { 'aws:cdk:bundling-stacks': [] } : {},
  });
  const stack = new ConpeekMeetWebhookStack(app, STACK_NAME, { config });
  options.alter?.(stack);
  if (options.nag) applyNagChecks(app);

  const assembly = app.synth();
  const template = Template.fromJSON(assembly.getStackByName(STACK_NAME).template);
  return { template, stack, outdir, assembly };
}

/** The validation report CDK writes next to the templates (cdk-nag's findings go there). */
export interface ValidationReport {
  readonly pluginReports: ReadonlyArray<{
    readonly pluginName: string;
    readonly conclusion: string;
    readonly violations: ReadonlyArray<{ readonly ruleName: string }>;
    readonly suppressedViolations?: ReadonlyArray<{
      readonly ruleName: string;
      readonly reason: string;
      readonly violatingConstructs: ReadonlyArray<{ readonly constructPath: string }>;
    }>;
  }>;
}

export function readValidationReport(outdir: string): ValidationReport {
  return JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
}

/** The one resource of `type` whose logical id starts with `prefix` (ids carry a hash). */
export function logicalId(template: Template, type: string, prefix: string): string {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix));
  if (ids.length !== 1) throw new Error(`expected one ${type} ${prefix}*, found ${ids.join()}`);
  return ids[0] as string;
}

/**
 * A CloudFormation value as one readable string, the way cdk-nag writes them: `{Ref: X}` →
 * `<X>`, `Fn::GetAtt` → `<X.Attr>`, `Fn::Join` → the joined parts. Arrays and objects are
 * flattened element-wise.
 */
export function flatten(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(flatten);
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  if (typeof record.Ref === 'string') return `<${record.Ref}>`;
  const getAtt = record['Fn::GetAtt'];
  if (Array.isArray(getAtt)) return `<${getAtt.join('.')}>`;
  const join = record['Fn::Join'];
  if (Array.isArray(join)) {
    const [separator, parts] = join as [string, unknown[]];
    return parts.map(flatten).join(separator);
  }
  return Object.fromEntries(Object.entries(record).map(([key, item]) => [key, flatten(item)]));
}
