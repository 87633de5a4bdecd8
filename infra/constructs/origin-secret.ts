import { Validations } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ORIGIN_HEADER } from '#handlers/origin-check';

/**
 * The secret CloudFront sends the API in x-origin-verify, so the API can refuse anyone who
 * calls its execute-api address directly (around the WAF and geo restriction). Secrets
 * Manager generates it inside the account: it is never in git, the template or cdk.out.
 * CloudFront and the API Lambda receive it as a CloudFormation dynamic reference, resolved at
 * deploy time; anyone who may read the distribution's or the function's configuration can
 * read it, which is the same people who could change either.
 *
 * Rotation is a deploy: a new generation (context staffing:originSecretGeneration) is a new
 * secret resource, so one `cdk deploy` gives both ends the new value and deletes the old one.
 * The API function is updated only after the distribution has finished deploying (it depends on
 * it), so the window in which the two disagree is the few seconds of the function update.
 */
export class OriginSecret extends Construct {
  readonly secret: Secret;

  constructor(scope: Construct, id: string, props: { generation: number }) {
    super(scope, id);
    this.secret = new Secret(this, `Generation${props.generation}`, {
      description: `Sent by CloudFront to the staffing API in ${ORIGIN_HEADER} (generation ${props.generation}); the API refuses requests without it`,
      generateSecretString: { passwordLength: 48, excludePunctuation: true, includeSpace: false },
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotated by deploying a new generation (context staffing:originSecretGeneration), which updates CloudFront and the API together. A Secrets Manager rotation function would change the value behind CloudFormation\'s back and would have to rewrite the distribution itself.',
    });
  }

  /** A dynamic reference (`{{resolve:secretsmanager:…}}`), never the value itself. */
  get value(): string {
    return this.secret.secretValue.unsafeUnwrap();
  }
}
