import type { Stack } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NAG_PLUGIN } from '../../infra/nag';
import {
  readValidationReport,
  removeTemporaryOutdirs,
  synthesize,
  temporaryOutdir,
  testConfig,
  type ValidationReport,
} from './fixture';

afterAll(removeTemporaryOutdirs);

const KMS_WILDCARD =
  'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:kms:<AWS::Region>:<AWS::AccountId>:key/*]';

function nagReport(report: ValidationReport) {
  const nag = report.pluginReports.find((plugin) => plugin.pluginName === NAG_PLUGIN);
  if (!nag) throw new Error(`validation-report.json has no ${NAG_PLUGIN} report`);
  return nag;
}

describe('cdk-nag AwsSolutions checks on the stack', () => {
  let report: ValidationReport;

  beforeAll(() => {
    const { outdir } = synthesize(testConfig(), { nag: true, skipBundling: true });
    report = readValidationReport(outdir);
  });

  it('find nothing that is not acknowledged', () => {
    const nag = nagReport(report);

    expect(nag.violations).toEqual([]);
    expect(nag.conclusion).toBe('success');
  });

  it('acknowledge only the reviewed findings, each where it arises', () => {
    const acknowledged = (nagReport(report).suppressedViolations ?? []).flatMap((finding) =>
      finding.violatingConstructs.map((c) => `${finding.ruleName} @ ${c.constructPath}`),
    );

    expect(acknowledged.sort()).toEqual(
      [
        'AwsSolutions-APIG4 @ ConpeekMeetWebhook/WebhookApi/Api/POST--webhooks--{source}/Resource',
        `${KMS_WILDCARD} @ ConpeekMeetWebhook/Functions/WebhookRole/DefaultPolicy/Resource`,
        `${KMS_WILDCARD} @ ConpeekMeetWebhook/Functions/WorkerRole/DefaultPolicy/Resource`,
        'AwsSolutions-L1 @ ConpeekMeetWebhook/Functions/Webhook/Resource',
        'AwsSolutions-L1 @ ConpeekMeetWebhook/Functions/Worker/Resource',
      ].sort(),
    );
  });

  it('give a reason with every acknowledgement', () => {
    for (const finding of nagReport(report).suppressedViolations ?? []) {
      expect(finding.reason.length, finding.ruleName).toBeGreaterThan(80);
    }
  });

  it('fail the synth on a finding nobody acknowledged, and name it in the report', () => {
    const outdir = temporaryOutdir();
    const addWildcardRole = (stack: Stack) => {
      const role = new Role(stack, 'CarelessRole', {
        assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      });
      role.addToPolicy(new PolicyStatement({ actions: ['dynamodb:*'], resources: ['*'] }));
    };

    expect(() =>
      synthesize(testConfig(), { nag: true, skipBundling: true, outdir, alter: addWildcardRole }),
    ).toThrow();

    const violations = nagReport(readValidationReport(outdir)).violations;
    expect(violations.map((v) => v.ruleName)).toEqual(
      expect.arrayContaining([
        'AwsSolutions-IAM5[Action::dynamodb:*]',
        'AwsSolutions-IAM5[Resource::*]',
      ]),
    );
  });
});
