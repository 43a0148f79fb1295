/**
 * The public face: an API Gateway HTTP API with one route, `POST /webhooks/{source}`, on a
 * throttled default stage that writes JSON access logs to its own log group.
 */
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpMethod,
  type HttpStage,
  LogGroupLogDestination,
  PayloadFormatVersion,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { Settings } from '../lambda/config/schema';
import { acknowledge } from './nag';

/** The route every sender posts to; `{source}` is a source's `name` in the config. */
export const WEBHOOK_ROUTE_PATH = '/webhooks/{source}';

/**
 * One JSON line per request. Who called, which route, what we answered and how fast; never a
 * header or a body, which carry signatures, tokens and the invitee's name and e-mail.
 */
export const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  method: '$context.httpMethod',
  routeKey: '$context.routeKey',
  path: '$context.path',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  latency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationStatus: '$context.integrationStatus',
  integrationError: '$context.integrationErrorMessage',
  error: '$context.error.message',
} as const;

/** The HTTP API in front of the webhook function. */
export class WebhookApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, settings: Settings, webhook: IFunction) {
    super(scope, id);

    this.api = new HttpApi(this, 'Api', {
      description: 'Booking webhooks from CRMs and booking tools, turned into Conpeek meetings',
      // The default stage is added below: HttpApi's own cannot be throttled or logged.
      createDefaultStage: false,
    });
    this.api.addRoutes({
      path: WEBHOOK_ROUTE_PATH,
      methods: [HttpMethod.POST],
      integration: new HttpLambdaIntegration('Webhook', webhook, {
        payloadFormatVersion: PayloadFormatVersion.VERSION_2_0,
      }),
    });

    acknowledge(
      this.api,
      'AwsSolutions-APIG4',
      'Webhook senders (Calendly, Cal.com, HubSpot, Pipedrive, Livespace, Zapier and the like) ' +
        'cannot sign requests with IAM, Cognito or a Lambda authorizer; each proves itself ' +
        'with its own HMAC signature, Basic auth or bearer token, which the function checks ' +
        'over the raw body before anything else, answering 401 otherwise.',
    );

    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: settings.logRetentionDays as RetentionDays,
    });
    this.stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      // A flood of requests (a CRM replaying its backlog, or an attack) stays a trickle at
      // Conpeek and in the bill. The excess gets 429, which retrying senders retry later.
      throttle: {
        rateLimit: settings.throttle.rateLimit,
        burstLimit: settings.throttle.burstLimit,
      },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
  }

  /** The URL a source's sender posts to. */
  webhookUrl(sourceName: string): string {
    return `${this.api.apiEndpoint}/webhooks/${sourceName}`;
  }
}
