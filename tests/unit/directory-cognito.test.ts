import { UsernameExistsException } from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, test } from 'vitest';
import { cognitoDirectory, type CognitoSender } from '#store/directory-cognito';

/** The commands the adapter sends, by name and input; Cognito's answers are scripted per command. */
function recorder(answers: Record<string, (input: Record<string, unknown>) => unknown> = {}) {
  const sent: { command: string; input: Record<string, unknown> }[] = [];
  const sender: CognitoSender = {
    async send(command) {
      const { constructor, input } = command as { constructor: { name: string }; input: Record<string, unknown> };
      const name = constructor.name.replace(/Command$/, '');
      sent.push({ command: name, input });
      return answers[name]?.(input) ?? {};
    },
  };
  return { sent, sender };
}
const POOL = 'eu-west-2_ABC123';
const withSub = (sub: string) => [{ Name: 'sub', Value: sub }, { Name: 'email', Value: 'x@y.example' }];

describe('the Cognito directory', () => {
  test('invites with AdminCreateUser (the invitation by e-mail, the address verified, the name), then adds the role group by sub', async () => {
    const { sent, sender } = recorder({ AdminCreateUser: () => ({ User: { Attributes: withSub('sub-1') } }) });
    const directory = cognitoDirectory({ userPoolId: POOL, sender });
    expect(await directory.invite({ email: 'sam@care.example', name: 'Sam Jones', role: 'provider' })).toEqual({ subject: 'sub-1' });
    expect(sent).toEqual([
      {
        command: 'AdminCreateUser',
        input: {
          UserPoolId: POOL,
          Username: 'sam@care.example',
          UserAttributes: [
            { Name: 'email', Value: 'sam@care.example' },
            { Name: 'email_verified', Value: 'true' },
            { Name: 'name', Value: 'Sam Jones' },
          ],
          DesiredDeliveryMediums: ['EMAIL'],
        },
      },
      { command: 'AdminAddUserToGroup', input: { UserPoolId: POOL, Username: 'sub-1', GroupName: 'provider' } },
    ]);
  });

  test('an address that already has an account is adopted (a retried invitation), not an error', async () => {
    const { sent, sender } = recorder({
      AdminCreateUser: () => {
        throw new UsernameExistsException({ message: 'An account with the given email already exists.', $metadata: {} });
      },
      AdminGetUser: () => ({ UserAttributes: withSub('sub-existing') }),
    });
    const directory = cognitoDirectory({ userPoolId: POOL, sender });
    expect(await directory.invite({ email: 'sam@care.example', name: 'Sam', role: 'leader' })).toEqual({ subject: 'sub-existing' });
    expect(sent.map((s) => s.command)).toEqual(['AdminCreateUser', 'AdminGetUser', 'AdminAddUserToGroup']);
  });

  test('any other failure is passed on, and nothing more is sent', async () => {
    const { sent, sender } = recorder({
      AdminCreateUser: () => {
        throw Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' });
      },
    });
    await expect(cognitoDirectory({ userPoolId: POOL, sender }).invite({ email: 'a@b.example', name: 'A', role: 'admin' })).rejects.toThrow('Rate exceeded');
    expect(sent.map((s) => s.command)).toEqual(['AdminCreateUser']);
  });

  test('a role change leaves the old group before joining the new one; disabling also signs the user out everywhere; enabling is AdminEnableUser alone', async () => {
    const { sent, sender } = recorder();
    const directory = cognitoDirectory({ userPoolId: POOL, sender });
    await directory.setRole('sub-1', 'admin', 'leader');
    await directory.setRole('sub-1', 'leader', 'leader');
    await directory.disable('sub-1');
    await directory.enable('sub-1');
    expect(sent).toEqual([
      { command: 'AdminRemoveUserFromGroup', input: { UserPoolId: POOL, Username: 'sub-1', GroupName: 'admin' } },
      { command: 'AdminAddUserToGroup', input: { UserPoolId: POOL, Username: 'sub-1', GroupName: 'leader' } },
      { command: 'AdminDisableUser', input: { UserPoolId: POOL, Username: 'sub-1' } },
      { command: 'AdminUserGlobalSignOut', input: { UserPoolId: POOL, Username: 'sub-1' } },
      { command: 'AdminEnableUser', input: { UserPoolId: POOL, Username: 'sub-1' } },
    ]);
  });
});
