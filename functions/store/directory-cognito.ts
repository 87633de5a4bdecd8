import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
  UsernameExistsException,
  type AttributeType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Directory } from '#domain/users';

/** What the adapter sends commands through: the SDK client, or a recorder in a unit test. */
export interface CognitoSender {
  send(command: object): Promise<unknown>;
}

const subOf = (attributes: AttributeType[] | undefined): string => {
  const sub = attributes?.find((a) => a.Name === 'sub')?.Value;
  if (!sub) throw new Error('Cognito answered a user without a sub');
  return sub;
};

/**
 * The Cognito user pool as the Directory: AdminCreateUser sends the invitation (the pool's
 * template, with a temporary password), groups carry the role, AdminDisableUser stops
 * sign-in and AdminUserGlobalSignOut revokes the refresh tokens, AdminEnableUser allows
 * sign-in again. The pool signs in by
 * e-mail, so a user's Cognito username is their sub, which every other call names.
 * The Lambda is granted exactly these actions on this pool (infra USER_ADMIN_ACTIONS).
 */
export function cognitoDirectory(opts: { userPoolId: string; region?: string; sender?: CognitoSender }): Directory {
  const client: CognitoSender = opts.sender ?? new CognitoIdentityProviderClient({ region: opts.region });
  const UserPoolId = opts.userPoolId;
  const send = <T>(command: object) => client.send(command) as Promise<T>;

  return {
    async invite({ email, name, role }) {
      let subject: string;
      try {
        const created = await send<{ User?: { Attributes?: AttributeType[] } }>(
          new AdminCreateUserCommand({
            UserPoolId,
            Username: email,
            UserAttributes: [
              { Name: 'email', Value: email },
              // The invitation is sent to this address, and the person proves it by signing in with it.
              { Name: 'email_verified', Value: 'true' },
              { Name: 'name', Value: name },
            ],
            DesiredDeliveryMediums: ['EMAIL'],
          }),
        );
        subject = subOf(created.User?.Attributes);
      } catch (error) {
        // Invited before (a retry after a failure half way): adopt the account rather than fail.
        if (!(error instanceof UsernameExistsException) && (error as { name?: string }).name !== 'UsernameExistsException') throw error;
        const existing = await send<{ UserAttributes?: AttributeType[] }>(new AdminGetUserCommand({ UserPoolId, Username: email }));
        subject = subOf(existing.UserAttributes);
      }
      await send(new AdminAddUserToGroupCommand({ UserPoolId, Username: subject, GroupName: role }));
      return { subject };
    },
    async setRole(subject, from, to) {
      if (from === to) return;
      // Out of the old group first: cut off half way, the user has less access, never more.
      await send(new AdminRemoveUserFromGroupCommand({ UserPoolId, Username: subject, GroupName: from }));
      await send(new AdminAddUserToGroupCommand({ UserPoolId, Username: subject, GroupName: to }));
    },
    async disable(subject) {
      await send(new AdminDisableUserCommand({ UserPoolId, Username: subject }));
      await send(new AdminUserGlobalSignOutCommand({ UserPoolId, Username: subject }));
    },
    async enable(subject) {
      await send(new AdminEnableUserCommand({ UserPoolId, Username: subject }));
    },
  };
}
