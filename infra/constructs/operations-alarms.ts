import { Annotations, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, type MathExpression, type Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface AlarmSpec {
  id: string;
  /** What is wrong and what to look at, in the words the on-call person reads in the e-mail. */
  description: string;
  /** A Metric is summed over the period; a MathExpression brings its own statistics. */
  metric: Metric | MathExpression;
  threshold: number;
  /** Default: alarm when the period's sum reaches the threshold. */
  comparison?: ComparisonOperator;
  /** Default 5 minutes. */
  period?: Duration;
  /** Consecutive periods that must breach; default 1. */
  periods?: number;
  /** Default: no data is no trouble. */
  missingData?: TreatMissingData;
}

/**
 * Alarms that tell the on-call team something is wrong before providers ring: each goes to
 * one encrypted topic (SSL enforced), with an OK notification when it clears. Without an
 * e-mail address nobody is subscribed, and synth says so.
 */
export class OperationsAlarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: { email?: string }) {
    super(scope, id);
    const key = new Key(this, 'TopicKey', {
      description: 'Encrypts staffing dashboard alarm notifications',
      enableKeyRotation: true,
      // It encrypts nothing that outlives the topic, so it goes with the stack (after KMS's waiting period).
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    // CloudWatch publishes to an encrypted topic only if it may use the topic's key.
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new Topic(this, 'Topic', { displayName: 'Staffing dashboard alarms', masterKey: key, enforceSSL: true });
    if (props.email) {
      this.topic.addSubscription(new EmailSubscription(props.email));
    } else {
      Annotations.of(this).addWarningV2(
        'staffing:no-alarm-email',
        'No context staffing:alarmEmail: alarms still change state in CloudWatch and on the dashboard, but nobody is told. Set it, or subscribe to the AlarmTopicArn output.',
      );
    }
  }

  add(spec: AlarmSpec): Alarm {
    const period = spec.period ?? Duration.minutes(5);
    const alarm = new Alarm(this, spec.id, {
      alarmDescription: spec.description,
      metric: 'expression' in spec.metric ? spec.metric.with({ period }) : spec.metric.with({ period, statistic: 'Sum' }),
      threshold: spec.threshold,
      evaluationPeriods: spec.periods ?? 1,
      comparisonOperator: spec.comparison ?? ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: spec.missingData ?? TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    alarm.addOkAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
    return alarm;
  }
}
