import { Duration, Stack } from 'aws-cdk-lib';
import type { HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { type Alarm, AlarmStatusWidget, Dashboard, GraphWidget, type IMetric, type Metric } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

export interface OperationsDashboardProps {
  stage: HttpStage;
  /** From the API access log: 5xx and 401 answers. */
  serverErrors: Metric;
  unauthorized: Metric;
  apiFunction: IFunction;
  reconcileFunction: IFunction;
  table: ITable;
  alarms: Alarm[];
}

const FIVE_MINUTES = Duration.minutes(5);
const sum = (m: Metric, label: string) => m.with({ statistic: 'Sum', period: FIVE_MINUTES, label });
const graph = (title: string, left: IMetric[], right: IMetric[] = []) => new GraphWidget({ title, left, right, width: 12, height: 6 });

/**
 * One CloudWatch page for the on-call team: every alarm's state, then traffic and answers,
 * latency, the API function, the table and the reconcile job, in five-minute steps.
 */
export class OperationsDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: OperationsDashboardProps) {
    super(scope, id);
    const { stage, apiFunction, reconcileFunction, table } = props;
    const latency = (stat: string) => stage.metricLatency({ statistic: stat, period: FIVE_MINUTES, label: `latency ${stat}` });
    const duration = (stat: string) => apiFunction.metricDuration({ statistic: stat, period: FIVE_MINUTES, label: `duration ${stat}` });
    const tableMetric = (name: string, label: string) => sum(table.metric(name), label);

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `${Stack.of(this).stackName}-operations`,
      defaultInterval: Duration.hours(12),
    });
    this.dashboard.addWidgets(new AlarmStatusWidget({ title: 'Alarms', alarms: props.alarms, width: 24, height: 3 }));
    this.dashboard.addWidgets(
      graph('API requests and answers (per 5 minutes)', [
        sum(stage.metricCount(), 'requests'),
        sum(stage.metricClientError(), '4xx'),
        sum(props.unauthorized, '401'),
        sum(props.serverErrors, '5xx'),
      ]),
      graph('API latency as callers see it (ms)', [latency('p50'), latency('p95'), latency('p99')]),
    );
    this.dashboard.addWidgets(
      graph(
        'API function',
        [sum(apiFunction.metricInvocations(), 'invocations'), sum(apiFunction.metricErrors(), 'errors'), sum(apiFunction.metricThrottles(), 'throttles')],
        [apiFunction.metric('ConcurrentExecutions', { statistic: 'Maximum', period: FIVE_MINUTES, label: 'concurrent (max)' })],
      ),
      graph('API function duration (ms)', [duration('p50'), duration('p95'), duration('Maximum')]),
    );
    this.dashboard.addWidgets(
      graph('DynamoDB capacity used (per 5 minutes)', [tableMetric('ConsumedReadCapacityUnits', 'read units'), tableMetric('ConsumedWriteCapacityUnits', 'write units')]),
      graph('DynamoDB throttling', [tableMetric('ReadThrottleEvents', 'read throttles'), tableMetric('WriteThrottleEvents', 'write throttles')]),
    );
    this.dashboard.addWidgets(
      graph('Reconcile job (runs per 5 minutes)', [sum(reconcileFunction.metricInvocations(), 'runs'), sum(reconcileFunction.metricErrors(), 'errors')]),
    );
  }
}
