import { App, type AppProps, type Environment, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { settingsFrom } from './settings';
import { StaffingStack } from './staffing-stack';

export const STACK_NAME = 'StaffingDashboard';

/**
 * The CDK app with its one stack and the cdk-nag AwsSolutions checks, which run at every
 * synth: an unacknowledged finding fails `cdk synth` (and the infra tests).
 */
/** What `cdk deploy` passes when it has credentials; unset for a plain, offline `cdk synth`. */
const deployerEnvironment = (): Environment | undefined =>
  process.env.CDK_DEFAULT_ACCOUNT ? { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION } : undefined;

export function createStaffingApp(props: AppProps = {}, where: { env?: Environment } = { env: deployerEnvironment() }): { app: App; stack: StaffingStack } {
  const app = new App(props);
  const stack = new StaffingStack(app, STACK_NAME, {
    description: 'Daily staffing returns and the system staffing dashboard',
    settings: settingsFrom(app.node),
    // Env-agnostic unless the deployer's CLI environment says otherwise: synth needs no lookups.
    env: where.env,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}
