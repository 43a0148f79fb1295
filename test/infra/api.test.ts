import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  flatten,
  logicalId,
  removeTemporaryOutdirs,
  type Synthesized,
  synthesize,
  testConfig,
} from './fixture';

afterAll(removeTemporaryOutdirs);

describe('the webhook HTTP API', () => {
  let synth: Synthesized;
  let apiId: string;

  beforeAll(() => {
    synth = synthesize(testConfig(), { skipBundling: true });
    apiId = logicalId(synth.template, 'AWS::ApiGatewayV2::Api', 'WebhookApi');
  });

  function stageProperties() {
    const stages = Object.values(synth.template.findResources('AWS::ApiGatewayV2::Stage'));
    expect(stages).toHaveLength(1);
    return stages[0]?.Properties;
  }

  it('is an HTTP API (API Gateway v2) with the one route POST /webhooks/{source}', () => {
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' });
    const routes = Object.values(synth.template.findResources('AWS::ApiGatewayV2::Route'));

    expect(routes.map((route) => route.Properties.RouteKey)).toEqual(['POST /webhooks/{source}']);
  });

  it('hands requests to the webhook function with payload format 2.0', () => {
    const webhook = logicalId(synth.template, 'AWS::Lambda::Function', 'FunctionsWebhook');

    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: { 'Fn::GetAtt': [webhook, 'Arn'] },
      PayloadFormatVersion: '2.0',
    });
  });

  it('lets API Gateway invoke the webhook function for that route only', () => {
    const webhook = logicalId(synth.template, 'AWS::Lambda::Function', 'FunctionsWebhook');
    const permissions = Object.values(synth.template.findResources('AWS::Lambda::Permission'))
      .map((permission) => flatten(permission.Properties))
      .filter((properties) => (properties as { Principal: string }).Principal.startsWith('api'));

    expect(permissions).toEqual([
      {
        Action: 'lambda:InvokeFunction',
        FunctionName: `<${webhook}.Arn>`,
        Principal: 'apigateway.amazonaws.com',
        SourceArn:
          'arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:' +
          `<${apiId}>/*/*/webhooks/{source}`,
      },
    ]);
  });

  it('serves the default stage, deployed automatically, throttled as configured', () => {
    expect(stageProperties()).toMatchObject({
      ApiId: { Ref: apiId },
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 7, ThrottlingBurstLimit: 13 },
    });
  });

  it('writes a JSON access log line per request to its own log group, kept as configured', () => {
    const accessLogs = logicalId(synth.template, 'AWS::Logs::LogGroup', 'WebhookApiAccessLogs');
    const settings = stageProperties()?.AccessLogSettings;
    const format = JSON.parse(settings.Format);

    expect(settings.DestinationArn).toEqual({ 'Fn::GetAtt': [accessLogs, 'Arn'] });
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      ip: '$context.identity.sourceIp',
      routeKey: '$context.routeKey',
      status: '$context.status',
      latency: '$context.responseLatency',
    });
    expect(
      synth.template.findResources('AWS::Logs::LogGroup')[accessLogs]?.Properties.RetentionInDays,
    ).toBe(14);
  });

  it('never logs a header or a body: they carry signatures, tokens and invitees’ details', () => {
    const variables: string[] = Object.values(
      JSON.parse(stageProperties()?.AccessLogSettings.Format),
    );

    for (const variable of variables) {
      expect(variable).toMatch(/^\$context\.[A-Za-z.]+$/);
      expect(variable).not.toMatch(/header|body|authorizer|querystring/i);
    }
  });

  it('outputs each source’s webhook URL', () => {
    const url = (source: string) => ({
      Value: {
        'Fn::Join': ['', [{ 'Fn::GetAtt': [apiId, 'ApiEndpoint'] }, `/webhooks/${source}`]],
      },
    });

    synth.template.hasOutput('WebhookUrlCalendly', url('calendly'));
    synth.template.hasOutput('WebhookUrlZapierCrm', url('zapier-crm'));
  });
});
