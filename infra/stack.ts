/**
 * The whole deployment: tables, the two functions from one bundle, the HTTP API, the worker's
 * schedule, the alarm topic and alarms, and the outputs the operator pastes into each sender.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { Config } from '../lambda/config/schema';
import { AlarmTopic } from './alarm-topic';
import { WebhookAlarms } from './alarms';
import { WebhookApi } from './api';
import { WebhookFunctions } from './functions';
import { scheduleWorker } from './schedule';
import { createTables, type WebhookTables } from './tables';

/** The stack name `cdk deploy` uses. */
export const STACK_NAME = 'ConpeekMeetWebhook';

export interface ConpeekMeetWebhookStackProps extends StackProps {
  /** The validated deployment document (see `infra/config.ts`). */
  readonly config: Config;
}

/** conpeek-meet-webhook on AWS. */
export class ConpeekMeetWebhookStack extends Stack {
  readonly tables: WebhookTables;
  readonly functions: WebhookFunctions;
  readonly webhookApi: WebhookApi;
  readonly alarmTopic: AlarmTopic;

  constructor(scope: Construct, id: string, props: ConpeekMeetWebhookStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.tables = createTables(this);
    this.functions = new WebhookFunctions(this, 'Functions', config, this.tables);
    this.webhookApi = new WebhookApi(this, 'WebhookApi', config.settings, this.functions.webhook);
    scheduleWorker(this, this.functions.worker);
    this.alarmTopic = new AlarmTopic(this, 'AlarmTopic', config.settings);
    new WebhookAlarms(this, 'Alarms', {
      settings: config.settings,
      topic: this.alarmTopic.topic,
      webhook: this.functions.webhook,
      worker: this.functions.worker,
      api: this.webhookApi.api,
    });

    this.#outputs(config);
  }

  #outputs(config: Config): void {
    const taken = new Set<string>();
    config.sources.forEach((source, index) => {
      // `calendly-eu` reads as WebhookUrlCalendlyEu in `cdk deploy`'s output.
      let id = `WebhookUrl${pascalCase(source.name)}`;
      if (taken.has(id)) id = `${id}${index + 1}`;
      taken.add(id);
      new CfnOutput(this, id, {
        description: `Paste into ${source.name} (${source.kind}) as its webhook URL`,
        value: this.webhookApi.webhookUrl(source.name),
      });
    });
    new CfnOutput(this, 'IdempotencyTableName', { value: this.tables.idempotency.tableName });
    new CfnOutput(this, 'BookingsTableName', {
      description: 'Parked and failed bookings (for the bookings CLI)',
      value: this.tables.bookings.tableName,
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      description: 'Subscribe more endpoints here to hear about alarms',
      value: this.alarmTopic.topic.topicArn,
    });
  }
}

function pascalCase(name: string): string {
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
