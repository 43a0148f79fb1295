import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  logicalId,
  removeTemporaryOutdirs,
  type Synthesized,
  synthesize,
  testConfig,
} from './fixture';

afterAll(removeTemporaryOutdirs);

describe('the alarm topic and alarms', () => {
  let synth: Synthesized;
  let topicId: string;
  let alarms: Record<string, { Properties: Record<string, unknown> }>;

  beforeAll(() => {
    synth = synthesize(testConfig(), { skipBundling: true });
    topicId = logicalId(synth.template, 'AWS::SNS::Topic', 'AlarmTopic');
    alarms = synth.template.findResources('AWS::CloudWatch::Alarm') as typeof alarms;
  });

  function alarm(name: string): Record<string, unknown> {
    const id = logicalId(synth.template, 'AWS::CloudWatch::Alarm', `Alarms${name}`);
    return alarms[id]?.Properties ?? {};
  }

  it('encrypt the topic with a rotating key that CloudWatch may use', () => {
    const keyId = logicalId(synth.template, 'AWS::KMS::Key', 'AlarmTopicKey');

    synth.template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
    synth.template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          {
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Resource: '*',
          },
        ]),
      },
    });
  });

  it('refuse publishing without TLS and let this account’s alarms publish', () => {
    synth.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sns:Publish',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
          Match.objectLike({
            Effect: 'Allow',
            Action: 'sns:Publish',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Condition: Match.objectLike({
              StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
            }),
          }),
        ]),
      },
    });
  });

  it('mail the configured address', () => {
    synth.template.resourcePropertiesCountIs(
      'AWS::SNS::Subscription',
      { Protocol: 'email', Endpoint: 'ops@example.com', TopicArn: { Ref: topicId } },
      1,
    );
  });

  it('alarm when a booking is given up: BookingsFailed summed over 5 minutes reaches 1', () => {
    expect(alarm('BookingsFailed')).toMatchObject({
      Namespace: 'ConpeekMeetWebhook',
      MetricName: 'BookingsFailed',
      Dimensions: [{ Name: 'service', Value: 'conpeek-meet-webhook' }],
      Statistic: 'Sum',
      Period: 300,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
    });
  });

  it('alarm when the oldest parked booking has waited longer than parkedAlarmMinutes', () => {
    expect(alarm('BookingsParkedTooLong')).toMatchObject({
      Namespace: 'ConpeekMeetWebhook',
      MetricName: 'OldestParkedAgeSeconds',
      Dimensions: [{ Name: 'service', Value: 'conpeek-meet-webhook' }],
      Statistic: 'Maximum',
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 45 * 60,
    });
  });

  it.each([
    ['WebhookErrors', 'FunctionsWebhook', 'Errors'],
    ['WebhookThrottles', 'FunctionsWebhook', 'Throttles'],
    ['WorkerErrors', 'FunctionsWorker', 'Errors'],
    ['WorkerThrottles', 'FunctionsWorker', 'Throttles'],
  ])('alarm on %s: any in 5 minutes', (name, functionPrefix, metricName) => {
    const functionId = logicalId(synth.template, 'AWS::Lambda::Function', functionPrefix);

    expect(alarm(name)).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: metricName,
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId } }],
      Statistic: 'Sum',
      Period: 300,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
    });
  });

  it('alarm on any 5xx answer of the API', () => {
    const apiId = logicalId(synth.template, 'AWS::ApiGatewayV2::Api', 'WebhookApi');

    expect(alarm('ApiServerErrors')).toMatchObject({
      Namespace: 'AWS/ApiGateway',
      MetricName: '5xx',
      Dimensions: [{ Name: 'ApiId', Value: { Ref: apiId } }],
      Statistic: 'Sum',
      Threshold: 1,
    });
  });

  it('alarm when the worker has not run for 15 minutes, counting no data as a failure', () => {
    expect(alarm('WorkerNotRunning')).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Invocations',
      Statistic: 'Sum',
      Period: 900,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
    });
    const worker = Object.entries(alarms).find(([id]) => id.includes('WorkerNotRunning'));
    expect(worker?.[1].Properties.TreatMissingData).toBe('breaching');
  });

  it('notify the topic when each alarm fires and when it is over, and read no data as fine', () => {
    expect(Object.keys(alarms)).toHaveLength(8);
    for (const [id, { Properties }] of Object.entries(alarms)) {
      expect(Properties).toMatchObject({
        AlarmActions: [{ Ref: topicId }],
        OKActions: [{ Ref: topicId }],
        TreatMissingData: id.includes('WorkerNotRunning') ? 'breaching' : 'notBreaching',
        EvaluationPeriods: 1,
      });
      expect(Properties.AlarmDescription).toEqual(expect.any(String));
    }
  });

  it('output the topic ARN', () => {
    synth.template.hasOutput('AlarmTopicArn', { Value: { Ref: topicId } });
  });
});

describe('the alarm topic without settings.alarmEmail', () => {
  it('still exists, with no subscription', () => {
    const { template } = synthesize(testConfig({ alarmEmail: undefined }), {
      skipBundling: true,
    });

    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.resourceCountIs('AWS::SNS::Subscription', 0);
  });
});
