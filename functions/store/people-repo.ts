import { DeleteCommand, GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Person } from '#domain';
import { isConditionFailed } from './errors';
import type { AuditedPut } from './audit-repo';
import { itemOf, valueOf } from './items';
import { keys } from './keys';
import { queryAll, type Item } from './query';
import type { Store } from './types';

export type PeopleRepo = Pick<Store, 'identityOf' | 'getPerson' | 'personByEmail' | 'putPerson' | 'listPeople' | 'peoplePage'>;

/** What the profile item holds: the person less their units, which are membership items beside it. */
type Profile = Omit<Person, 'providerIds'>;

const profileOf = (p: Person): Profile => ({ subject: p.subject, name: p.name, email: p.email, role: p.role, ...(p.disabled ? { disabled: true } : {}) });

/**
 * People: a profile item in each user's partition (`USER#<sub>` / `PROFILE`, beside the
 * `UNIT#…` memberships, so one Query at sign-in reads who the caller is and what they may
 * touch), and a directory entry per e-mail address (`PEOPLE` / `EMAIL#…`) for finding a person
 * by address and listing everyone with one Query. putPerson is the only writer of both; the
 * directory entry carries the units too, so a list needs no read per person.
 */
export function peopleRepo(doc: DynamoDBDocumentClient, tableName: string, units: Pick<Store, 'setUnitsOf'>, auditedPut: AuditedPut): PeopleRepo {
  const get = async (key: { pk: string; sk: string }): Promise<Item | null> =>
    ((await doc.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item as Item | undefined) ?? null;

  const identityOf: PeopleRepo['identityOf'] = async (subject) => {
    const items = await queryAll(doc, {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.userPartition(subject) },
    });
    const profile = items.find((i) => i.entity === 'person');
    const providerIds = items.filter((i) => i.entity === 'membership').map((i) => i.providerId as string);
    return { person: profile ? { ...valueOf<Profile>(profile), providerIds } : null, providerIds };
  };

  return {
    identityOf,
    async getPerson(subject) {
      return (await identityOf(subject)).person;
    },
    async personByEmail(email) {
      const item = await get(keys.directoryEntry(email));
      return item ? valueOf<Person>(item) : null;
    },
    async putPerson(person, audit) {
      const before = (await identityOf(person.subject)).person;
      // The address is claimed first and only if free (or already ours): two people never share one.
      // The directory entry holds the whole person (the Users page lists it) and carries the
      // admin change's audit evidence; the profile and memberships beside it follow.
      try {
        await auditedPut(itemOf(keys.directoryEntry(person.email), 'directory', person), audit, {
          expression: 'attribute_not_exists(pk) OR #subject = :subject',
          names: { '#subject': 'subject' },
          values: { ':subject': person.subject },
        });
      } catch (error) {
        if (!isConditionFailed(error)) throw error;
        const holder = await get(keys.directoryEntry(person.email));
        return { saved: false, emailTakenBy: String(holder?.subject ?? '') };
      }
      await doc.send(new PutCommand({ TableName: tableName, Item: itemOf(keys.person(person.subject), 'person', profileOf(person)) }));
      await units.setUnitsOf(person.subject, person.providerIds);
      if (before && before.email !== person.email)
        await doc.send(
          new DeleteCommand({
            TableName: tableName,
            Key: keys.directoryEntry(before.email),
            ConditionExpression: '#subject = :subject',
            ExpressionAttributeNames: { '#subject': 'subject' },
            ExpressionAttributeValues: { ':subject': person.subject },
          }),
        ).catch((error) => {
          if (!isConditionFailed(error)) throw error;
        });
      return { saved: true };
    },
    async listPeople() {
      const items = await queryAll(doc, {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.directory.pk, ':prefix': keys.directory.skPrefix },
      });
      return items.map((i) => valueOf<Person>(i)).sort((a, b) => a.name.localeCompare(b.name));
    },
    async peoplePage(after, limit) {
      // One more than the page: whether more follow is known without a read of an empty page.
      const out = await doc.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': keys.directory.pk, ':prefix': keys.directory.skPrefix },
          ...(after === undefined ? {} : { ExclusiveStartKey: keys.directoryEntry(after) }),
          Limit: limit + 1,
        }),
      );
      const people = (out.Items ?? []).map((i) => valueOf<Person>(i));
      const page = people.slice(0, limit);
      // A Query also stops at 1 MB read: then more may follow though the page is short.
      const more = people.length > limit || out.LastEvaluatedKey !== undefined;
      return { people: page, next: more && page.length > 0 ? page[page.length - 1].email : null };
    },
  };
}
