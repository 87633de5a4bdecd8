import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceDateOf, type Person } from '#domain';
import { ukInstant } from '#local/demo/uk-time';
import { startLocalSystem, type LocalSystem } from '#local/server';
import { expectAccessible, launchChromium } from './browser';

/**
 * A provider's morning, in Chromium against the local system: the home page, the return form
 * (an error fixed, a warning accepted), "nothing has changed", an amendment that meets a
 * conflict made from a second page, a draft that survives a reload, a retry after a lost
 * answer that makes no second version; then the same at 390 px by keyboard alone.
 */
let system: LocalSystem;
let browser: Browser;
let dataDir: string;
let today: string;
/** A care group's operations manager: several care homes, none of which has reported yet. */
let manager: Person;
const unitName = new Map<string, string>();

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'provider-e2e-'));
  today = serviceDateOf(new Date());
  // 06:15 UK time today, whenever the suite runs: before the first demo return of the day, so every unit is still due.
  const early = ukInstant(today, 6 * 60 + 15);
  system = await startLocalSystem({ port: 0, dataDir, demo: { days: 35 }, clock: { now: () => early }, quiet: true });
  for (const p of await system.store.listProviders()) unitName.set(p.providerId, p.name);
  manager = (await system.store.listPeople()).find((p) => p.role === 'provider' && p.providerIds.length >= 5)!;
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await system?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function signInAs(page: Page, email: string) {
  await page.goto(`${system.url}/#/sign-in`);
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  await page.locator('#role-person').check();
  await page.locator(`#demo-person option[value="${email}"]`).waitFor({ state: 'attached' });
  await page.locator('#demo-person').selectOption(email);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: /units/ }).waitFor();
}

const unitSection = (page: Page, providerId: string) => page.locator(`section[aria-labelledby="unit-${providerId}"]`);
const field = (page: Page, path: string) => page.locator(`#f-${path.replace(/\./g, '-')}`);
const versionsOf = async (providerId: string) => system.store.versions(providerId, today);

describe('a care group manager with several homes, and bulk import', () => {
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
    await signInAs(page, manager.email);
  });
  afterAll(async () => context?.close());

  it('lands on the home page: each unit by name, today due by 11:00, the last 7 days, and the person named in the header', async () => {
    await page.locator('.home-unit').first().waitFor();
    expect(await page.locator('.home-unit').count()).toBe(manager.providerIds.length);
    for (const id of manager.providerIds) {
      await expect.poll(() => unitSection(page, id).locator('.home-unit__status').innerText()).toContain("Today's return is due by 11:00");
      expect(await unitSection(page, id).getByRole('heading', { level: 2 }).innerText()).toBe(unitName.get(id));
      expect(await unitSection(page, id).locator('.home-days li').count()).toBeGreaterThan(0);
    }
    expect(await page.locator('.header-account').innerText()).toContain(manager.name);
    await expectAccessible(page, 'provider-home');
  });

  it('submits a return with one changed figure, is blocked by an error and fixes it, meets a warning and submits anyway', async () => {
    const [first] = manager.providerIds;
    await unitSection(page, first).getByRole('link', { name: /Start today's return/ }).click();
    await page.getByRole('heading', { level: 1, name: /Daily return for/ }).waitFor();
    expect(await page.locator('main').innerText()).toMatch(/filled in from your return for/);
    await expectAccessible(page, 'provider-form');

    // An error: a box left empty, and a decimal comma.
    const absent = field(page, 'staffing.0.absentWte');
    const before = Number(await absent.inputValue());
    // toFixed: 1.03 + 1 is 2.0300000000000002 in floating point, which the form rightly refuses.
    const changed = (before + 1).toFixed(2);
    await absent.fill('');
    await field(page, 'staffing.0.plannedHours').fill('10,5');
    await page.getByRole('button', { name: 'Submit the return' }).click();
    await page.locator('.nhsuk-error-summary').waitFor();
    expect(await page.locator('.nhsuk-error-summary').innerText()).toMatch(/absent today \(WTE\): enter a number/i);
    expect(await page.locator('.nhsuk-error-summary').innerText()).toMatch(/use a full stop for a decimal point/);
    await expectAccessible(page, 'provider-form-errors');
    // The summary links to the field, and the field names its error to a screen reader.
    await page.locator('.nhsuk-error-summary a').first().click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-staffing-0-absentWte');
    expect(await absent.getAttribute('aria-describedby')).toContain('f-staffing-0-absentWte-error');
    expect(await versionsOf(first)).toEqual([]);

    // Fixed: one figure changed from the last return.
    await absent.fill(changed);
    await field(page, 'staffing.0.plannedHours').fill(await plannedFromLast(first));
    // A warning: vacancies far from establishment minus in post.
    const establishment = Number(await field(page, 'staffing.0.establishmentWte').inputValue());
    await field(page, 'staffing.0.vacancyWte').fill(String(Math.round(establishment * 0.9)));
    await page.getByRole('button', { name: 'Submit the return' }).click();
    await page.getByRole('heading', { name: /Check these figures/ }).waitFor();
    expect(await page.locator('#f-staffing-0-vacancyWte-warning').innerText()).toMatch(/differs by more than 10%/);
    expect(await versionsOf(first)).toEqual([]);
    await expectAccessible(page, 'provider-form-warning');
    await page.getByRole('button', { name: 'Submit anyway' }).click();

    await page.getByRole('heading', { level: 1, name: 'Return submitted' }).waitFor();
    expect(await page.locator('main').innerText()).toContain(`by ${manager.name}`);
    expect(await page.locator('main').innerText()).toMatch(/Figures flagged for a second look/);
    await expectComparison(page, first);
    await expectAccessible(page, 'provider-submitted');
    const saved = await versionsOf(first);
    expect(saved.map((v) => [v.version, v.submittedByName])).toEqual([[1, manager.name]]);
    expect(saved[0].staffing[0].absentWte).toBe(Number(changed));
  });

  it('uses "nothing has changed" on another unit: one press, then a confirmation', async () => {
    const second = manager.providerIds[1];
    await page.getByRole('link', { name: 'Back to your units' }).click();
    const button = unitSection(page, second).getByRole('button', { name: /Nothing has changed since/ });
    await button.click();
    await page.getByRole('heading', { level: 1, name: 'Return submitted' }).waitFor();
    expect(await page.locator('main').innerText()).toMatch(/The figures are the same as on/);
    const [v1] = await versionsOf(second);
    const previous = await system.store.latestReturnBefore(second, today);
    expect(v1).toMatchObject({ version: 1, submittedByName: manager.name, staffing: previous!.staffing });
  });

  it('amends, meets a conflict made from a second page, sees both side by side and keeps its own figures', async () => {
    const [first] = manager.providerIds;
    await page.goto(`${system.url}/#/return/${first}?date=${today}`);
    await page.getByRole('heading', { level: 1, name: /Amend the return/ }).waitFor();
    await field(page, 'staffing.0.inPostWte').fill('7');

    // Meanwhile the home's own manager amends the same return from another page.
    const colleague = (await system.store.listPeople()).find((p) => p.providerIds.length === 1 && p.providerIds[0] === first)!;
    const other = await context.newPage();
    await signInAs(other, colleague.email);
    await other.goto(`${system.url}/#/return/${first}?date=${today}`);
    await other.getByRole('heading', { level: 1, name: /Amend the return/ }).waitFor();
    await field(other, 'pressure.note').fill('Two carers off sick');
    await submitThrough(other, other.getByRole('heading', { level: 1, name: 'Amendment submitted' }));
    await other.close();
    expect((await versionsOf(first)).length).toBe(2);

    await submitThrough(page, page.getByRole('heading', { name: 'Someone else changed this return' }));
    const table = await page.locator('.conflict__table').innerText();
    expect(table).toContain('Two carers off sick');
    expect(await page.locator('.conflict').innerText()).toContain(colleague.name);
    expect(table).toMatch(/in post \(WTE\)/);
    expect((await versionsOf(first)).length).toBe(2);
    await expectAccessible(page, 'provider-conflict');

    await page.getByRole('button', { name: 'Keep my figures' }).click();
    await page.getByRole('heading', { level: 1, name: 'Amendment submitted' }).waitFor();
    const versions = await versionsOf(first);
    expect(versions.map((v) => v.version)).toEqual([1, 2, 3]);
    expect(versions[2].staffing[0].inPostWte).toBe(7);

    // The history names people, not ids.
    await page.getByRole('link', { name: 'Amend this return' }).click();
    await page.getByRole('heading', { name: 'Versions of this return' }).waitFor();
    const history = await page.locator('section[aria-labelledby="history-title"]').innerText();
    expect(history).toContain(`Version 2: ${colleague.name}`);
    expect(history).toContain(`Version 3: ${manager.name}`);
    expect(history).not.toContain(manager.subject);
  });

  it('keeps what is being typed through a reload, until it is submitted or discarded', async () => {
    const third = manager.providerIds[2];
    await page.goto(`${system.url}/#/return/${third}?date=${today}`);
    await page.getByRole('heading', { level: 1, name: /Daily return for/ }).waitFor();
    await field(page, 'pressure.note').fill('Typed before the reload');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: /Daily return for/ }).waitFor();
    expect(await field(page, 'pressure.note').inputValue()).toBe('Typed before the reload');
    expect(await page.locator('main').innerText()).toMatch(/what you were typing at/);
    await page.getByRole('button', { name: 'Discard it and start again' }).click();
    expect(await field(page, 'pressure.note').inputValue()).not.toBe('Typed before the reload');
  });

  it('retries a submit whose answer was lost without making a second version', async () => {
    const third = manager.providerIds[2];
    await page.goto(`${system.url}/#/return/${third}?date=${today}`);
    await page.getByRole('heading', { level: 1, name: /Daily return for/ }).waitFor();
    await field(page, 'pressure.note').fill('Sent on a bad line');
    // The request reaches the server, which saves it; the answer never comes back.
    await page.route(`**/api/providers/${third}/returns/${today}`, async (route) => {
      if (route.request().method() !== 'PUT') return route.continue();
      await route.fetch();
      await route.abort('connectionreset');
    });
    await submitThrough(page, page.getByRole('heading', { name: 'Your return has not been sent' }));
    expect((await versionsOf(third)).length).toBe(1);
    await page.unroute(`**/api/providers/${third}/returns/${today}`);
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('heading', { level: 1, name: 'Return submitted' }).waitFor();
    expect((await versionsOf(third)).map((v) => v.version)).toEqual([1]);
  });

  it('imports a file for the group: downloads the template, checks a file with one bad row (dry run), then imports: the bad row\'s return is not written', async () => {
    await page.getByRole('link', { name: 'Import from a file' }).click();
    await page.getByRole('heading', { level: 1, name: 'Import returns from a file' }).waitFor();
    await expectAccessible(page, 'provider-import');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Download the template/ }).click()]);
    const template = (await readFile((await download.path())!, 'utf8')).trim().split(/\r?\n/);
    const header = template[0].split(',');
    expect(header.slice(0, 3)).toEqual(['providerId', 'date', 'staffGroup']);
    expect(new Set(template.slice(1).map((l) => l.split(',')[0]))).toEqual(new Set(manager.providerIds));

    // Two homes with today's figures from their last return; the second has an unquoted decimal comma in one row.
    const [good, bad] = manager.providerIds.slice(3, 5);
    const rowsOf = async (id: string) => {
      const last = (await system.store.latestReturnBefore(id, today))!;
      return last.staffing.map((l) => {
        const cells: Record<string, string | number> = {
          providerId: id, date: today, staffGroup: l.staffGroup, establishmentWte: l.establishmentWte, inPostWte: l.inPostWte, vacancyWte: l.vacancyWte,
          absentWte: l.absentWte, plannedHours: l.plannedHours, filledPermanent: l.filledHours.permanent, filledBank: l.filledHours.bank, filledAgency: l.filledHours.agency,
          pressureLevel: last.pressure.level,
        };
        return header.map((h) => String(cells[h] ?? ''));
      });
    };
    const goodRows = await rowsOf(good);
    const badRows = await rowsOf(bad);
    badRows[0][header.indexOf('absentWte')] = '10,5';
    const csv = [header.join(','), ...goodRows.map((r) => r.join(',')), ...badRows.map((r) => r.join(','))].join('\n');
    await page.locator('#import-file').setInputFiles({ name: 'returns.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.getByRole('heading', { level: 2, name: 'What the file holds' }).waitFor();
    const result = await page.locator('.import-result').innerText();
    expect(result).toContain('1 return ready to import');
    expect(result).toMatch(/1 row has problems/);
    const badRow = goodRows.length + 2;
    expect(await page.locator('table.sortable tbody tr').first().innerText()).toMatch(new RegExp(`^${badRow}\\s`));
    expect(await versionsOf(good)).toEqual([]);
    await expectAccessible(page, 'provider-import-checked');

    await page.getByRole('button', { name: 'Import 1 return' }).click();
    await page.getByRole('heading', { level: 2, name: 'Imported' }).waitFor();
    expect(await page.locator('.import-result').innerText()).toContain('1 return imported');
    expect((await versionsOf(good)).map((v) => [v.version, v.submittedByName])).toEqual([[1, manager.name]]);
    expect(await versionsOf(bad)).toEqual([]);
  });
});

describe('a home manager on a phone (390 px), by keyboard alone', () => {
  let context: BrowserContext;
  let page: Page;
  let homes: Person[];
  beforeAll(async () => {
    const careHomes = new Set((await system.store.listProviders()).filter((p) => p.sector === 'care-home').map((p) => p.providerId));
    homes = (await system.store.listPeople()).filter((p) => p.providerIds.length === 1 && careHomes.has(p.providerIds[0]) && !manager.providerIds.includes(p.providerIds[0]));
    context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    page = await context.newPage();
  });
  afterAll(async () => context?.close());

  /** Tab until the focused element is the one wanted (its text, or its id), counting the presses. */
  async function tabTo(wanted: RegExp | ((el: { id: string; text: string }) => boolean)): Promise<number> {
    const matches = typeof wanted === 'function' ? wanted : (el: { text: string }) => wanted.test(el.text);
    for (let presses = 1; presses <= 200; presses++) {
      await page.keyboard.press('Tab');
      const el = await page.evaluate(() => ({ id: document.activeElement?.id ?? '', text: document.activeElement?.textContent ?? '' }));
      if (matches(el)) return presses;
    }
    throw new Error(`never reached ${String(wanted)}`);
  }
  const fitsThePhone = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

  it('submits an unchanged return with the keyboard alone, without sideways scrolling', async () => {
    await signInAs(page, homes[0].email);
    await page.locator('.home-unit').waitFor();
    expect(await fitsThePhone()).toBe(true);
    await expectAccessible(page, 'provider-phone-home');

    const started = performance.now();
    const presses = (await tabTo(/Nothing has changed since/)) + 1;
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Return submitted' }).waitFor();
    const seconds = (performance.now() - started) / 1000;
    console.log(`Unchanged return by keyboard at 390 px: ${presses} key presses, ${seconds.toFixed(1)} s (machine-driven, from the home page)`);
    await expectComparison(page, homes[0].providerIds[0]);
    expect(await fitsThePhone()).toBe(true);
    await expectAccessible(page, 'provider-phone-submitted');
    expect((await versionsOf(homes[0].providerIds[0])).map((v) => v.submittedByName)).toEqual([homes[0].name]);
  });

  it('completes a return with one change with the keyboard alone: Tab, type, Enter', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInAs(page, homes[1].email);
    await page.locator('.home-unit').waitFor();
    const unit = homes[1].providerIds[0];

    const started = performance.now();
    let presses = (await tabTo(/Start today's return/)) + 1;
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: /Daily return for/ }).waitFor();
    expect(await fitsThePhone()).toBe(true);
    await expectAccessible(page, 'provider-phone-form');
    // The first staff group's absence: reached by Tab, retyped, and the form sent with Enter.
    presses += await tabTo((el) => el.id === 'f-staffing-0-absentWte');
    const previous = await system.store.latestReturnBefore(unit, today);
    // toFixed, as above.
    const absent = (previous!.staffing[0].absentWte + 1).toFixed(2);
    await page.keyboard.press('Control+A');
    await page.keyboard.type(absent);
    await page.keyboard.press('Enter');
    presses += 1 + absent.length + 1;
    const submitted = page.getByRole('heading', { level: 1, name: 'Return submitted' });
    const anyway = page.getByRole('button', { name: 'Submit anyway' });
    await submitted.or(anyway).first().waitFor();
    if (!(await submitted.isVisible())) {
      // A warning: Enter again, from the same field, submits anyway.
      await page.keyboard.press('Enter');
      presses += 1;
      await submitted.waitFor();
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(`Return with one change by keyboard at 390 px: ${presses} key presses, ${seconds.toFixed(1)} s (machine-driven, from the home page)`);
    const [v1] = await versionsOf(unit);
    expect(v1.staffing[0].absentWte).toBe(Number(absent));
    expect(v1.staffing.slice(1)).toEqual(previous!.staffing.slice(1));
  });
});

/**
 * After a submit: the unit's rates over 28 days beside its peers' median and middle half, each
 * read in words, charted, and in a table; today, before the other homes have reported, "not
 * enough" peers; never another unit's name.
 */
async function expectComparison(page: Page, providerId: string) {
  const section = page.locator('section.peers');
  await section.locator('.peers__measure').first().waitFor();
  expect(await section.locator('h3').allInnerTexts()).toEqual(['Vacancy rate', 'Absence rate', 'Fill rate', 'Agency share', 'Unfilled share']);
  const vacancy = section.locator('section[aria-labelledby="peers-vacancy-rate"]');
  const reading = await vacancy.locator('p').first().innerText();
  expect(reading).toMatch(/^Your vacancy rate was \d+\.\d% on /);
  expect(reading).toMatch(/at least 5 are needed to compare/);
  expect(await vacancy.getByRole('img').getAttribute('aria-label')).toContain(reading);
  await vacancy.locator('summary').click();
  const rows = vacancy.locator('tbody tr');
  expect(await rows.count()).toBe(28);
  // Today: not enough peers yet. Yesterday: the other homes' median and middle half, as numbers.
  expect(await rows.nth(0).innerText()).toMatch(/not enough peers/);
  expect(await rows.nth(1).innerText()).toMatch(/\d+\.\d%\s+\d+\.\d%\s+\d+\.\d to \d+\.\d%\s+\d+/);
  const text = await section.innerText();
  for (const [id, name] of unitName) if (id !== providerId) expect(text).not.toContain(name.replace(' (demo)', ''));
}

/** Press the form's submit button, and "Submit anyway" if the figures raise a warning, until `outcome` shows. */
async function submitThrough(page: Page, outcome: Locator) {
  await page.locator('form button[type="submit"]').click();
  const anyway = page.getByRole('button', { name: 'Submit anyway' });
  await outcome.or(anyway).first().waitFor();
  if (!(await outcome.isVisible())) {
    await anyway.click();
    await outcome.waitFor();
  }
}

async function plannedFromLast(providerId: string): Promise<string> {
  const last = await system.store.latestReturnBefore(providerId, today);
  return String(last!.staffing[0].plannedHours);
}
