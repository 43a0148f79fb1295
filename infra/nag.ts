/**
 * cdk-nag's AwsSolutions rule pack, run on every synth. cdk-nag 3 is a CDK validation plugin: a
 * finding fails the synth and is written to `validation-report.json` in the cloud assembly,
 * unless the construct acknowledges it (`Validations.of(construct).acknowledge`) with a reason.
 * Acknowledgements live next to the construct they concern.
 */
import { type App, Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
// cdk-nag's own rendering of CloudFormation references in finding ids; not re-exported.
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import type { IConstruct } from 'constructs';

/** The plugin name cdk-nag's AwsSolutions pack reports under. */
export const NAG_PLUGIN = 'AwsSolutions';

/** Adds the AwsSolutions checks to every stack of `app`. */
export function applyNagChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
}

/**
 * Accepts one cdk-nag finding on `construct` (and everything under it), with the reason a
 * reviewer reads. `finding` is the rule id, plus `[…]` for rules with several findings per
 * resource, e.g. `AwsSolutions-IAM5[Resource::…]`.
 */
export function acknowledge(construct: IConstruct, finding: string, reason: string): void {
  // Qualified with the plugin's name, CDK (not cdk-nag) drops the finding, and lists it with
  // its reason under `suppressedViolations` in validation-report.json: an audit trail.
  Validations.of(construct).acknowledge({ id: `${NAG_PLUGIN}::${finding}`, reason });
}

/**
 * The id of AwsSolutions-IAM5's finding for a wildcard resource, rendered the way cdk-nag
 * renders it (`arn:<AWS::Partition>:…`), so the acknowledgement matches whatever the stack's
 * environment makes of the ARN.
 */
export function wildcardResourceFinding(scope: IConstruct, resource: string): string {
  return `AwsSolutions-IAM5[Resource::${flattenCfnReference(Stack.of(scope).resolve(resource))}]`;
}
