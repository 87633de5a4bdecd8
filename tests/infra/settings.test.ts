import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, settingsFrom } from '#infra/settings';

const settings = (context: Record<string, unknown>) => settingsFrom(new App({ context }).node);

describe('deployment settings from CDK context', () => {
  it('has a default for everything, so synth needs no arguments', () => {
    expect(settings({})).toEqual(DEFAULT_SETTINGS);
  });

  it('protects the table and the users from deletion, and uses the Essentials plan, unless told otherwise', () => {
    expect(settings({})).toMatchObject({ deletionProtection: true, threatProtection: false });
    expect(settings({ 'staffing:deletionProtection': 'false', 'staffing:threatProtection': 'true' })).toMatchObject({
      deletionProtection: false,
      threatProtection: true,
    });
  });

  it('reads values given on the command line as text', () => {
    expect(settings({ 'staffing:reconcileEveryMinutes': '5', 'staffing:geoAllowList': 'GB, IE', 'staffing:alarmEmail': 'oncall@example.nhs.uk' })).toMatchObject({
      reconcileEveryMinutes: 5,
      geoAllowList: ['GB', 'IE'],
      alarmEmail: 'oncall@example.nhs.uk',
    });
  });

  it('reads an SES identity for Cognito e-mail, with a plain sender name by default', () => {
    expect(settings({ 'staffing:emailFrom': 'staffing@example.nhs.uk', 'staffing:sesRegion': 'eu-west-2' }).email).toEqual({
      from: 'staffing@example.nhs.uk',
      fromName: 'System staffing dashboard',
      sesRegion: 'eu-west-2',
    });
  });

  it.each([
    [{ 'staffing:logRetentionDays': 100 }, /logRetentionDays/],
    [{ 'staffing:apiRateLimit': '-1' }, /apiRateLimit/],
    [{ 'staffing:reconcileEveryMinutes': '1440' }, /reconcileEveryMinutes must be at most 720/],
    [{ 'staffing:authDomainPrefix': 'my-cognito-login' }, /authDomainPrefix/],
    [{ 'staffing:authDomainPrefix': 'Staffing' }, /authDomainPrefix/],
    [{ 'staffing:domainName': 'staffing.example.nhs.uk' }, /certificateArn/],
    [{ 'staffing:deletionProtection': 'no' }, /deletionProtection must be true or false/],
    [{ 'staffing:alarmEmail': 'oncall' }, /alarmEmail "oncall" is not an e-mail address/],
    [{ 'staffing:emailFrom': 'staffing@example.nhs.uk' }, /emailFrom and staffing:sesRegion go together/],
    [{ 'staffing:emailFrom': 'staffing@example.nhs.uk', 'staffing:sesRegion': 'London' }, /sesRegion "London" is not an AWS region/],
    [{ 'staffing:emailFrom': 'staffing@example.nhs.uk', 'staffing:sesRegion': 'eu-west-2', 'staffing:sesVerifiedDomain': 'nhs.net' }, /not at staffing:sesVerifiedDomain/],
    [{ 'staffing:originSecretGeneration': '0' }, /originSecretGeneration/],
  ])('stops synth on a value that could not deploy (%o), naming the setting', (context, message) => {
    expect(() => settings(context)).toThrow(message);
  });
});
