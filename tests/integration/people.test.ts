import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Person } from '#domain';
import { startTestDb, type TestDb } from '../support/dynalite';

let db: TestDb;
beforeAll(async () => {
  db = await startTestDb();
});
afterAll(() => db.stop());

const sam: Person = { subject: 'sub-sam', name: 'Sam Jones', email: 'sam.jones@willow.example', role: 'provider', providerIds: ['willow-house', 'oak-lodge'] };

describe('people in the store', () => {
  test('a person is found by subject (profile and units in one read) and by e-mail, and listed', async () => {
    expect(await db.store.putPerson(sam)).toEqual({ saved: true });
    const identity = await db.store.identityOf('sub-sam');
    expect(identity.person).toEqual({ ...sam, providerIds: ['oak-lodge', 'willow-house'] });
    expect(identity.providerIds.sort()).toEqual(['oak-lodge', 'willow-house']);
    expect(await db.store.unitsOf('sub-sam')).toEqual(expect.arrayContaining(['oak-lodge', 'willow-house']));
    expect(await db.store.personByEmail('sam.jones@willow.example')).toEqual(sam);
    expect(await db.store.getPerson('sub-sam')).toMatchObject({ name: 'Sam Jones', role: 'provider' });
    expect((await db.store.listPeople()).map((p) => p.email)).toContain('sam.jones@willow.example');
  });

  test('someone not in the directory has no profile but keeps the units an admin gave them', async () => {
    await db.store.setUnitsOf('sub-nobody', ['ash-court']);
    expect(await db.store.identityOf('sub-nobody')).toEqual({ person: null, providerIds: ['ash-court'] });
    expect(await db.store.getPerson('sub-unknown')).toBeNull();
    expect(await db.store.personByEmail('nobody@example.org')).toBeNull();
  });

  test('an address already held by someone else is refused and nothing of the newcomer is written', async () => {
    const other: Person = { subject: 'sub-other', name: 'Other Person', email: sam.email, role: 'leader', providerIds: [] };
    expect(await db.store.putPerson(other)).toEqual({ saved: false, emailTakenBy: 'sub-sam' });
    expect(await db.store.getPerson('sub-other')).toBeNull();
    expect((await db.store.personByEmail(sam.email))?.subject).toBe('sub-sam');
  });

  test('a change of address, name and units moves the directory entry and the memberships', async () => {
    const moved: Person = { ...sam, name: 'Sam Jones-Patel', email: 'sam.jp@willow.example', providerIds: ['willow-house'] };
    expect(await db.store.putPerson(moved)).toEqual({ saved: true });
    expect(await db.store.personByEmail(sam.email)).toBeNull();
    expect(await db.store.personByEmail(moved.email)).toEqual(moved);
    expect(await db.store.identityOf('sub-sam')).toEqual({ person: moved, providerIds: ['willow-house'] });
    expect((await db.store.listPeople()).filter((p) => p.subject === 'sub-sam')).toEqual([moved]);
    // The old address is free again.
    const next: Person = { subject: 'sub-next', name: 'Next Person', email: sam.email, role: 'provider', providerIds: ['oak-lodge'] };
    expect(await db.store.putPerson(next)).toEqual({ saved: true });
  });
});
