/**
 * The CDK app (`cdk.json` runs it with tsx): reads the config from context, validates it, and
 * defines the one stack with cdk-nag's checks. A bad config fails the synth with one sentence
 * naming every bad field, and no stack trace.
 */
import { App } from 'aws-cdk-lib';
import { ConfigError } from '../lambda/config/schema';
import { CONTEXT_KEY } from '../local/config-file';
import { CONTEXT_ORIGIN, deploymentConfig } from './config';
import { applyNagChecks } from './nag';
import { ConpeekMeetWebhookStack, STACK_NAME } from './stack';

const app = new App();
try {
  const config = deploymentConfig(app.node.tryGetContext(CONTEXT_KEY), CONTEXT_ORIGIN);
  new ConpeekMeetWebhookStack(app, STACK_NAME, {
    config,
    description: 'conpeek-meet-webhook: booking webhooks to Conpeek video meetings',
  });
  applyNagChecks(app);
  app.synth();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
}
