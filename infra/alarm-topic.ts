/**
 * The SNS topic every alarm notifies: encrypted, TLS only, and optionally mailed to the operator.
 */
import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { Settings } from '../lambda/config/schema';

const CLOUDWATCH = new ServicePrincipal('cloudwatch.amazonaws.com');

/** The alarm topic, its key, and the e-mail subscription when `settings.alarmEmail` is set. */
export class AlarmTopic extends Construct {
  readonly topic: Topic;
  readonly key: Key;

  constructor(scope: Construct, id: string, settings: Settings) {
    super(scope, id);
    const stack = Stack.of(this);

    // A customer managed key, not the AWS managed aws/sns one: CloudWatch can publish alarms
    // to an encrypted topic only if the key policy lets it use the key, and the policy of an
    // AWS managed key cannot be changed.
    this.key = new Key(this, 'Key', {
      description: 'Encrypts the conpeek-meet-webhook alarm topic',
      enableKeyRotation: true,
      // It protects only notifications in flight; nothing stored outlives the topic.
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    this.key.addToResourcePolicy(
      new PolicyStatement({
        principals: [CLOUDWATCH],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        // In a key policy `*` means this key.
        resources: ['*'],
      }),
    );

    this.topic = new Topic(this, 'Topic', {
      displayName: 'conpeek-meet-webhook alarms',
      masterKey: this.key,
      enforceSSL: true,
    });
    // The topic policy CDK writes (for enforceSSL) replaces SNS's default one, so CloudWatch's
    // right to publish is stated here, limited to this account's alarms.
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        principals: [CLOUDWATCH],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: {
            'aws:SourceArn': stack.formatArn({
              service: 'cloudwatch',
              resource: 'alarm',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );

    if (settings.alarmEmail) {
      // AWS mails a confirmation link first; nothing arrives until the operator clicks it.
      this.topic.addSubscription(new EmailSubscription(settings.alarmEmail));
    }
  }
}
