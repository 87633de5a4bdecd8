import type { Person, Provider } from '#domain';
import { DEMO_MARK } from './register';
import { randomFrom } from './random';

/**
 * The demo system's people: invented, with believable names, at addresses under `.example`
 * (a domain reserved for examples, so no mail can ever reach anyone). Every unit has a manager
 * who submits its returns; a care group's operations manager and the acute trust's staffing
 * lead each report for several units; a few system leaders and an administrator.
 */
const FIRST = [
  'Sam', 'Priya', 'Tom', 'Aisha', 'Gareth', 'Joanne', 'Mohammed', 'Claire', 'Daniel', 'Fatima', 'Rachel', 'Oliver',
  'Grace', 'Ben', 'Sophie', 'Tariq', 'Helen', 'Kwame', 'Laura', 'Marek', 'Nicola', 'Olu', 'Rebecca', 'Sanjay',
  'Emma', 'Hannah', 'Imran', 'Julie', 'Karen', 'Liam', 'Mei', 'Nadia', 'Paul', 'Ruth', 'Simon', 'Zoe',
];
const LAST = [
  'Jones', 'Patel', 'Whitfield', 'Khan', 'Evans', 'Brennan', 'Okafor', 'Hughes', 'Fletcher', 'Ahmed', 'Clarke', 'Nowak',
  'Osei', 'Turner', 'Hall', 'Chen', 'Morgan', 'Price', 'Begum', 'Shah', 'Walsh', 'Adeyemi', 'Wright', 'Kaur',
  'Murray', 'Robinson', 'Green', 'Lewis', 'Doyle', 'Harris', 'Bailey', 'Mensah', 'Ward', 'Singh', 'Baker', 'Foster',
];

const plain = (text: string) => text.replace(` ${DEMO_MARK}`, '');
const slugOf = (text: string) =>
  plain(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** A person named by a seeded draw; the address's domain keeps it unique (one person per unit or organisation). */
function person(seed: string, key: string, domain: string, role: Person['role'], providerIds: string[]): Person {
  const random = randomFrom(seed, key, 'person');
  const first = random.pick(FIRST);
  const last = random.pick(LAST);
  const email = `${first}.${last}@${domain}.example`.toLowerCase();
  return { subject: `demo-${slugOf(email)}`, name: `${first} ${last}`, email, role, providerIds };
}

/** Who submits a unit's returns in the demo: its manager. */
export const unitManagerOf = (seed: string, provider: Pick<Provider, 'providerId'>): Person =>
  person(seed, provider.providerId, provider.providerId, 'provider', [provider.providerId]);

/** Everyone in the demo directory, the same for a given seed and register. */
export function demoPeople(seed: string, providers: Provider[]): Person[] {
  const byOrganisation = new Map<string, Provider[]>();
  for (const p of providers) byOrganisation.set(p.organisation, [...(byOrganisation.get(p.organisation) ?? []), p]);
  const groups = [...byOrganisation.entries()]
    .filter(([, units]) => units.length > 1 && units.every((u) => u.sector === units[0].sector) && ['care-home', 'acute'].includes(units[0].sector))
    .map(([organisation, units]) => person(seed, organisation, slugOf(organisation), 'provider', units.map((u) => u.providerId).sort()));
  return [
    person(seed, 'system-admin', 'oxfordshire-icb', 'admin', []),
    person(seed, 'system-leader-1', 'oxfordshire-icb', 'leader', []),
    person(seed, 'system-leader-2', 'oxfordshire-council', 'leader', []),
    ...groups,
    ...providers.map((p) => unitManagerOf(seed, p)),
  ];
}
