import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { serviceDateOf } from '#domain';
import { ukInstant } from '#local/demo/uk-time';
import { startLocalSystem } from '#local/server';
import { describeViolations, launchChromium, screenshot, seriousViolations, signIn } from './browser';

// Each step drives a real browser against a real local system; on a shared 2-core machine a step can take a minute.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 240_000 });

let system: { url: string; stop(): Promise<void> };
let browser: Browser;
let dataDir: string;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'admin-e2e-'));
  const morning = ukInstant(serviceDateOf(new Date()), 10 * 60 + 30);
  system = await startLocalSystem({ port: 0, dataDir, demo: { days: 3 }, clock: { now: () => morning }, quiet: true });
  browser = await launchChromium();
  context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  await signIn(page, system.url, 'admin');
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await system?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function expectAccessible(name: string) {
  await screenshot(page, name);
  const violations = await seriousViolations(page);
  expect(violations, `${name}:\n${describeViolations(violations)}`).toEqual([]);
}

describe('an admin sets up the register', () => {
  it('adds a locality and a unit in it, by keyboard', async () => {
    await page.getByRole('link', { name: 'Register' }).click();
    await page.getByRole('heading', { level: 1, name: 'Register' }).waitFor();
    await page.getByLabel('New locality name').fill('Wantage and Grove');
    expect(await page.getByLabel('Locality id').inputValue()).toBe('wantage-and-grove');
    await page.getByLabel('New locality name').press('Enter');
    await page.getByText('Added the locality Wantage and Grove.').waitFor();
    await page.getByRole('cell', { name: 'wantage-and-grove' }).waitFor();

    await page.getByRole('button', { name: 'Add a unit' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Grove House');
    await page.getByLabel('Organisation', { exact: true }).fill('Grove Care Ltd');
    await page.getByLabel('Locality', { exact: true }).selectOption({ label: 'Wantage and Grove' });
    await page.getByLabel('Sector').selectOption({ label: 'Care home' });
    // Saved without a staff group or start date: the server's refusal shows on the fields.
    await page.getByRole('button', { name: 'Add unit' }).click();
    await page.locator('.nhsuk-form-group--error', { hasText: 'Staff groups reported' }).waitFor();
    await expectAccessible('admin-register-unit-errors');
    await page.getByLabel('Care workers (incl. senior)').check();
    await page.getByLabel('Registered managers').check();
    await page.getByLabel('Reports from').fill('2026-01-01');
    await page.getByRole('button', { name: 'Add unit' }).click();
    await page.getByText('Added the unit Grove House.').waitFor();
    await page.getByLabel('Unit, id or organisation contains').fill('grove');
    await page.getByRole('rowheader', { name: 'Grove House' }).waitFor();
    await expectAccessible('admin-register');
  });

  it('imports a register CSV with a bad row: checked first, the bad row named and never imported', async () => {
    const file = [
      'providerId,name,organisation,localityId,sector,staffGroups,reportingDays,activeFrom,activeTo,localityName',
      'didcot-homecare,Didcot Homecare,Didcot Care,didcot,homecare,care-worker,weekdays,2026-02-01,,Didcot',
      'zedbury-ch,Zedbury Care Home,Vale Homes,didcot,care-home,care-worker;registered-nurse,every-day,01/02/2026,,',
    ].join('\n');
    await page.locator('#register-file').setInputFiles({ name: 'register.csv', mimeType: 'text/csv', buffer: Buffer.from(file) });
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.getByRole('heading', { name: /Checked register\.csv: nothing saved yet/ }).waitFor();
    const errors = page.locator('table', { has: page.locator('caption', { hasText: 'Rows with errors' }) });
    expect(await errors.locator('tbody tr').count()).toBe(1);
    expect(await errors.locator('tbody tr').first().innerText()).toMatch(/3\s+activeFrom\s+must be a date written YYYY-MM-DD/);
    await expectAccessible('admin-register-import-checked');
    await page.getByRole('button', { name: 'Import 1 unit' }).click();
    await page.getByRole('heading', { name: 'Imported register.csv' }).waitFor();
    await page.getByLabel('Unit, id or organisation contains').fill('didcot');
    await page.getByRole('rowheader', { name: 'Didcot Homecare' }).waitFor();
    await page.getByLabel('Unit, id or organisation contains').fill('zedbury');
    await page.locator('caption', { hasText: 'showing 0 of' }).waitFor();
  });
});

describe('an admin invites a user', () => {
  it('invites a provider user and gives them a unit found by name; the list shows the unit by name', async () => {
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
    await page.getByRole('button', { name: 'Invite a user' }).click();
    await page.getByLabel('Full name').fill('Gita Patel');
    await page.getByLabel('E-mail address').fill('gita.patel@grove.example');
    await page.getByLabel('Provider unit').check();
    // Sent with no unit: refused on the field, in words.
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.locator('.nhsuk-form-group--error', { hasText: 'a provider user needs at least one unit' }).waitFor();
    await page.getByLabel('Find a unit by name').fill('Grove');
    await page.getByLabel('Grove House').check();
    await expectAccessible('admin-users-invite');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByText('Invited Gita Patel: an invitation is on its way to gita.patel@grove.example.').waitFor();
    const row = page.locator('tr', { has: page.getByRole('rowheader', { name: 'Gita Patel' }) });
    expect(await row.innerText()).toMatch(/gita\.patel@grove\.example\s+Provider unit\s+Grove House\s+Active/);
    await expectAccessible('admin-users');
    // The column of buttons is neither sorted on nor exported: the table's CSV is the people.
    expect(await page.getByRole('columnheader', { name: 'Change' }).getByRole('button').count()).toBe(0);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Download table as CSV/ }).click()]);
    const csv = Buffer.concat(await (await download.createReadStream()).toArray()).toString().split('\r\n');
    expect(csv[0]).toBe('Name,E-mail address,Role,Units,Status');
    expect(csv.find((line) => line.startsWith('Gita Patel,'))).toBe('Gita Patel,gita.patel@grove.example,Provider unit,Grove House,Active');
  });

  it('disables that user and enables them again, each after a confirmation in words', async () => {
    const row = page.locator('tr', { has: page.getByRole('rowheader', { name: 'Gita Patel' }) });
    await row.getByRole('button', { name: 'Disable Gita Patel' }).click();
    await page.getByRole('alertdialog', { name: 'Disable Gita Patel?' }).getByRole('button', { name: 'Disable Gita Patel' }).click();
    await page.getByText('Disabled Gita Patel. They cannot use the dashboard from now on.').waitFor();
    // The list is read again after the change.
    const rowSaying = (status: string) => page.locator('tr', { has: page.getByRole('rowheader', { name: 'Gita Patel' }), hasText: status });
    await rowSaying('Disabled').waitFor();

    await row.getByRole('button', { name: 'Enable Gita Patel' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Enable Gita Patel again?' });
    expect(await dialog.innerText()).toMatch(/will be able to sign in again with their password, with the role Provider unit for Grove House/);
    await expectAccessible('admin-users-enable');
    // Changing one's mind leaves them disabled.
    await dialog.getByRole('button', { name: 'Leave disabled' }).click();
    expect(await dialog.count()).toBe(0);
    expect(await row.innerText()).toMatch(/Disabled/);
    await row.getByRole('button', { name: 'Enable Gita Patel' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Enable Gita Patel' }).click();
    await page.getByText('Enabled Gita Patel. They can sign in again with their e-mail address and password.').waitFor();
    await rowSaying('Active').waitFor();
    expect(await row.innerText()).toMatch(/Grove House\s+Active/);
  });
});

describe('an admin changes a threshold', () => {
  it('refuses red below amber in words, previews the heatmap with counts beside the colours, then saves', async () => {
    await page.getByRole('link', { name: 'Thresholds' }).click();
    await page.getByRole('heading', { level: 1, name: 'Thresholds' }).waitFor();
    await page.locator('.preview-counts').waitFor();
    const red = page.locator('#threshold-vacancy-rate-red');
    await red.fill('1');
    await page.getByText('Some thresholds need changing').waitFor();
    expect(await page.locator('.nhsuk-error-summary').innerText()).toMatch(/Vacancy rate, red: must not be below amber/);
    expect(await page.getByRole('button', { name: 'Save thresholds' }).isDisabled()).toBe(true);
    await expectAccessible('admin-thresholds-error');
    // Amber from 0 %: every cell with a vacancy is at least amber in the preview.
    await page.locator('#threshold-vacancy-rate-amber').fill('0');
    await red.fill('50');
    const counts = await page.locator('.preview-counts').innerText();
    expect(counts).toMatch(/with these thresholds \d+ red, \d+ amber and 0 green cells; with the saved ones \d+ red, \d+ amber and \d+ green/);
    await page.getByRole('button', { name: 'Save thresholds' }).click();
    await page.getByText('Thresholds saved.').waitFor();
    await expectAccessible('admin-thresholds');
  });
});

describe('the audit trail', () => {
  it('lists the changes made above with who and what, filters by kind, and exports CSV', async () => {
    await page.getByRole('link', { name: 'Audit' }).click();
    await page.getByRole('heading', { level: 1, name: 'Audit trail' }).waitFor();
    await page.getByRole('cell', { name: /Created unit Grove House/ }).first().waitFor();
    const text = await page.locator('table').innerText();
    expect(text).toMatch(/Created locality Wantage and Grove/);
    expect(text).toMatch(/Created unit Didcot Homecare \(register import\)/);
    expect(text).toMatch(/Changed the thresholds of vacancy-rate/);
    expect(text).toMatch(/Enabled Gita Patel \(gita\.patel@grove\.example\)/);
    await page.getByLabel('What was changed').selectOption({ label: 'Thresholds' });
    await page.locator('caption', { hasText: 'showing 1 of 1' }).waitFor();
    await page.locator('.audit-details summary').first().click();
    await page.locator('.audit-diff').first().waitFor();
    expect(await page.locator('.audit-diff').first().innerText()).toMatch(/vacancy-rate/);
    await expectAccessible('admin-audit');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Download these changes as CSV/ }).click()]);
    const csv = await (await download.createReadStream()).toArray();
    // The server's CSV of the changes the filters show: the thresholds change alone, with before and after in full.
    const rows = Buffer.concat(csv).toString().split('\r\n');
    expect(rows[0]).toBe('at,ukTime,actor,actorName,kind,what,target,summary,before,after');
    expect(rows.slice(1, -1)).toHaveLength(1);
    expect(rows[1]).toMatch(/,thresholds,Thresholds,thresholds,Changed the thresholds of vacancy-rate,"\{""vacancy-rate"":/);
  });

  it('works at phone width', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('link', { name: 'Register' }).click();
    await page.getByRole('heading', { level: 1, name: 'Register' }).waitFor();
    await page.locator('caption', { hasText: 'localities' }).waitFor();
    // Nothing but a table (which scrolls in its own region) is wider than the phone.
    const tooWide = await page.evaluate(() =>
      [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !e.closest('.table-scroll'))
        .slice(0, 5)
        .map((e) => `${e.tagName.toLowerCase()}.${e.className}`),
    );
    expect(tooWide).toEqual([]);
    await expectAccessible('admin-register-phone');
  });
});
