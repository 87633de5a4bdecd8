import { Duration, Validations } from 'aws-cdk-lib';
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
  UserPoolEmail,
} from 'aws-cdk-lib/aws-cognito';
import type { Grant, IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ROLES } from '#api/deps';
import type { SesEmailSettings } from '../settings';
import { KEEP } from './keep';

/**
 * What the admin API may do to people's accounts, and nothing else: invite (AdminCreateUser
 * sends the invitation), read, list, move between role groups, disable and re-enable, and
 * sign out everywhere (revokes refresh tokens). No AdminDeleteUser: the audit trail names
 * people, so accounts are disabled, never deleted. The two group reads let a role change see
 * which groups a user is in now, also for accounts made outside the product.
 */
export const USER_ADMIN_ACTIONS = [
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminGetUser',
  'cognito-idp:ListUsers',
  'cognito-idp:ListUsersInGroup',
  'cognito-idp:AdminListGroupsForUser',
  'cognito-idp:AdminAddUserToGroup',
  'cognito-idp:AdminRemoveUserFromGroup',
  'cognito-idp:AdminDisableUser',
  'cognito-idp:AdminEnableUser',
  'cognito-idp:AdminUserGlobalSignOut',
];

const TEMPORARY_PASSWORD_DAYS = 3;

export interface UserDirectoryProps {
  /** `<prefix>.auth.<region>.amazoncognito.com`, the hosted sign-in pages. */
  domainPrefix: string;
  /** Where the dashboard lives, e.g. https://d1234.cloudfront.net/ : the only redirect target. */
  dashboardUrl: string;
  deletionProtection: boolean;
  threatProtection: boolean;
  /** Send through SES; Cognito's own e-mail (about 50 a day) when unset. */
  email?: SesEmailSettings;
}

/**
 * Who may sign in. Admins create every account (no self sign-up); each account is put in
 * one of the role groups the API reads from `cognito:groups`. Staff data is sensitive, so
 * MFA by authenticator app is required of everyone.
 */
export class UserDirectory extends Construct {
  readonly userPool: UserPool;
  /** The dashboard's client: the browser's code flow with PKCE. */
  readonly client: UserPoolClient;
  /** For admins scripting the API from a terminal: password and authenticator code, no browser. */
  readonly scriptsClient: UserPoolClient;
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
        tempPasswordValidity: Duration.days(TEMPORARY_PASSWORD_DAYS),
      },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      ...(props.threatProtection
        ? { featurePlan: FeaturePlan.PLUS, standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION }
        : { featurePlan: FeaturePlan.ESSENTIALS }),
      email: props.email
        ? UserPoolEmail.withSES({
            fromEmail: props.email.from,
            fromName: props.email.fromName,
            replyTo: props.email.replyTo,
            sesRegion: props.email.sesRegion,
            sesVerifiedDomain: props.email.verifiedDomain,
          })
        : UserPoolEmail.withCognito(),
      userInvitation: invitation(props.dashboardUrl),
      deletionProtection: props.deletionProtection,
      // People's accounts and their group memberships outlive any one deployment.
      removalPolicy: KEEP,
    });
    if (!props.threatProtection) {
      Validations.of(this.userPool).acknowledge({
        id: 'AwsSolutions-COG8',
        reason:
          'Essentials plan chosen on cost: 10,000 monthly active users free, so a county of 1,000 users pays $0 against $20 a month on Plus ($0.020 per user, no free tier). MFA by authenticator app is required of every user on either plan; set context staffing:threatProtection=true for Plus and its compromised-credential and risk-based sign-in checks.',
      });
    }
    for (const role of ROLES) {
      this.userPool.addGroup(`Group-${role}`, { groupName: role, description: `Dashboard role: ${role}` }).applyRemovalPolicy(KEEP);
    }
    this.domain = this.userPool.addDomain('SignIn', { cognitoDomain: { domainPrefix: props.domainPrefix } });
    // A browser app cannot keep a secret: authorization code with PKCE, and nothing else. The
    // refresh token (ALLOW_REFRESH_TOKEN_AUTH, which aws-cdk-lib adds to every client) renews
    // the hourly access token silently for a working day.
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
    // USER_PASSWORD_AUTH so the AWS CLI can sign in (it cannot do SRP); the pool still asks for
    // the authenticator code. No OAuth and no redirect: this client never serves a browser.
    // Tokens last an hour and are not renewed for longer: a script signs in again.
    this.scriptsClient = this.userPool.addClient('Scripts', {
      generateSecret: false,
      authFlows: { userPassword: true },
      disableOAuth: true,
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(1),
    });
  }

  /** Both clients whose access tokens the API accepts. */
  get clients(): UserPoolClient[] {
    return [this.client, this.scriptsClient];
  }

  /** Lets the admin API manage users in this pool (only this pool: the grant names its ARN). */
  grantUserAdministration(grantee: IGrantable): Grant {
    return this.userPool.grant(grantee, ...USER_ADMIN_ACTIONS);
  }

  /** The OpenID issuer the dashboard discovers its endpoints from. */
  get authority(): string {
    return this.userPool.userPoolProviderUrl;
  }
}

/** The invitation AdminCreateUser sends: where to go, what to type, and what happens next. */
function invitation(dashboardUrl: string) {
  return {
    emailSubject: 'Your account for the system staffing dashboard',
    emailBody: [
      '<p>You have been given an account for the system staffing dashboard.</p>',
      `<p>Open ${dashboardUrl} and sign in with your e-mail address and this temporary password: <strong>{####}</strong> (your user name is {username}).</p>`,
      '<p>You will then choose your own password and set up an authenticator app (for example Microsoft Authenticator) on your phone.</p>',
      `<p>The temporary password works for ${TEMPORARY_PASSWORD_DAYS} days. After that, ask your administrator to invite you again.</p>`,
    ].join(''),
  };
}
