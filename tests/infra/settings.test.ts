import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, settingsFrom } from '#infra/settings';

const settings = (context: Record<string, unknown>) => settingsFrom(new App({ context }).node);

describe('deployment settings from CDK context', () => {
  it('has a default for everything, so synth needs no arguments', () => {
    expect(settings({})).toEqual(DEFAULT_SETTINGS);
  });

  it('reads values given on the command line as text', () => {
    expect(settings({ 'staffing:reconcileEveryMinutes': '5', 'staffing:geoAllowList': 'GB, IE', 'staffing:alarmEmail': 'oncall@example.nhs.uk' })).toMatchObject({
      reconcileEveryMinutes: 5,
      geoAllowList: ['GB', 'IE'],
      alarmEmail: 'oncall@example.nhs.uk',
    });
  });

  it('stops synth on a value that could not deploy, naming the setting', () => {
    expect(() => settings({ 'staffing:logRetentionDays': 100 })).toThrow(/logRetentionDays/);
    expect(() => settings({ 'staffing:apiRateLimit': '-1' })).toThrow(/apiRateLimit/);
    expect(() => settings({ 'staffing:authDomainPrefix': 'my-cognito-login' })).toThrow(/authDomainPrefix/);
    expect(() => settings({ 'staffing:domainName': 'staffing.example.nhs.uk' })).toThrow(/certificateArn/);
  });
});
