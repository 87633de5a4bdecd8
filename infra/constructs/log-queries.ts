import { Stack } from 'aws-cdk-lib';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import { CfnQueryDefinition } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** Which log groups a query reads. */
export type QueryLogs = 'functions' | 'apiFunction' | 'apiAccess';

export interface LogQuery {
  name: string;
  logs: QueryLogs;
  /** The Logs Insights query, word for word as the README prints it. */
  query: string;
}

/**
 * Ready Logs Insights queries, saved in the account (Logs Insights > Saved queries) and
 * printed in the README. They read the JSON the functions write (Powertools `level`,
 * `message`, `error`; Lambda's `platform.report` with its duration and, on a cold start, init
 * time) and the API access log (`status`, `latencyMs` as numbers).
 */
export const LOG_QUERIES: LogQuery[] = [
  {
    name: 'Errors',
    logs: 'functions',
    query: [
      'fields @timestamp, @log, message, requestId, error.name, error.message, record.status',
      '| filter level = "ERROR" or (type = "platform.report" and record.status != "success")',
      '| sort @timestamp desc',
      '| limit 100',
    ].join('\n'),
  },
  {
    name: 'Latency by cold start',
    logs: 'apiFunction',
    query: [
      'filter type = "platform.report"',
      '| fields ispresent(record.metrics.initDurationMs) as coldStart, record.metrics.durationMs + coalesce(record.metrics.initDurationMs, 0) as totalMs',
      '| stats count(*) as invocations, pct(totalMs, 50) as p50Ms, pct(totalMs, 95) as p95Ms, max(totalMs) as maxMs by coldStart',
    ].join('\n'),
  },
  {
    name: 'Slow requests',
    logs: 'apiAccess',
    query: [
      'fields @timestamp, method, path, status, latencyMs, integrationLatencyMs, requestId',
      '| filter latencyMs >= 1000',
      '| sort latencyMs desc',
      '| limit 50',
    ].join('\n'),
  },
];

/** Saves LOG_QUERIES under `<stack name>/` in the account's Logs Insights. */
export class SavedLogQueries extends Construct {
  constructor(scope: Construct, id: string, logs: Record<QueryLogs, ILogGroup[]>) {
    super(scope, id);
    for (const q of LOG_QUERIES) {
      new CfnQueryDefinition(this, q.name.replace(/[^A-Za-z]/g, ''), {
        name: `${Stack.of(this).stackName}/${q.name}`,
        queryString: q.query,
        logGroupNames: logs[q.logs].map((g) => g.logGroupName),
      });
    }
  }
}
