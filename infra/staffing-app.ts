import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { settingsFrom } from './settings';
import { StaffingStack } from './staffing-stack';

export const STACK_NAME = 'StaffingDashboard';

/**
 * The CDK app with its one stack and the cdk-nag AwsSolutions checks, which run at every
 * synth: an unacknowledged finding fails `cdk synth` (and the infra tests).
 */
export function createStaffingApp(props: AppProps = {}): { app: App; stack: StaffingStack } {
  const app = new App(props);
  const stack = new StaffingStack(app, STACK_NAME, {
    description: 'Daily staffing returns and the system staffing dashboard',
    settings: settingsFrom(app.node),
    // Env-agnostic unless the deployer's CLI environment says otherwise: synth needs no lookups.
    env: process.env.CDK_DEFAULT_ACCOUNT ? { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION } : undefined,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}
