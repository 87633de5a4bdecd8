import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  UserPool,
  UserPoolClient,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ROLES } from '#api/deps';

export interface UserDirectoryProps {
  /** `<prefix>.auth.<region>.amazoncognito.com`, the hosted sign-in pages. */
  domainPrefix: string;
  /** Where the dashboard lives, e.g. https://d1234.cloudfront.net/ : the only redirect target. */
  dashboardUrl: string;
}

/**
 * Who may sign in. Admins create every account (no self sign-up); each account is put in
 * one of the role groups the API reads from `cognito:groups`. Staff data is sensitive, so
 * MFA by authenticator app is required and threat protection blocks risky sign-ins.
 */
export class UserDirectory extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly domain: UserPoolDomain;

  constructor(scope: Construct, id: string, props: UserDirectoryProps) {
    super(scope, id);
    this.userPool = new UserPool(this, 'Pool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      signInCaseSensitive: false,
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      // People's accounts and their group memberships outlive any one deployment.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const role of ROLES) {
      this.userPool.addGroup(`Group-${role}`, { groupName: role, description: `Dashboard role: ${role}` });
    }
    this.domain = this.userPool.addDomain('SignIn', { cognitoDomain: { domainPrefix: props.domainPrefix } });
    // A browser app cannot keep a secret: authorization code with PKCE, and nothing else.
    this.client = this.userPool.addClient('Dashboard', {
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL],
        callbackUrls: [props.dashboardUrl],
        logoutUrls: [props.dashboardUrl],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });
  }

  /** The OpenID issuer the dashboard discovers its endpoints from. */
  get authority(): string {
    return this.userPool.userPoolProviderUrl;
  }
}
