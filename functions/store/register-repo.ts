import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Locality, Provider, Thresholds } from '#domain';
import type { AuditedPut } from './audit-repo';
import { itemOf, valueOf } from './items';
import { keys } from './keys';
import { writeItems } from './bulk-load';
import { mapLimit, queryAll, type Item } from './query';
import type { Store } from './types';

type RegisterRepo = Pick<
  Store,
  | 'ping'
  | 'listLocalities'
  | 'putLocality'
  | 'listProviders'
  | 'getProvider'
  | 'putProvider'
  | 'putProviders'
  | 'putProvidersAudited'
  | 'unitsOf'
  | 'setUnitsOf'
  | 'getThresholds'
  | 'putThresholds'
>;

/** Units written at once by a register import: each is 4-5 small requests, one after another (audit-repo). */
const AUDITED_IN_FLIGHT = 16;

/**
 * The register (localities, units), memberships and settings. The units are read whole only
 * when they changed: every change of a unit raises a stamp, and this process keeps the units
 * it read beside the stamp they were read under (30,000 units are about 9 MB; the stamp is one
 * small GetItem). A reader may miss a unit written in the moment before its stamp is raised.
 */
export function registerRepo(doc: DynamoDBDocumentClient, tableName: string, auditedPut: AuditedPut): RegisterRepo {
  let cached: { stamp: number; providers: Provider[] } | null = null;
  const get = async (key: { pk: string; sk: string }): Promise<Item | null> =>
    ((await doc.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item as Item | undefined) ?? null;
  const put = async (item: Item) => {
    await doc.send(new PutCommand({ TableName: tableName, Item: item }));
  };
  const listRegister = (prefix: string) =>
    queryAll(doc, {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.register, ':prefix': prefix },
    });
  // After the units: a reader that sees the new stamp reads the new units.
  const raiseStamp = () =>
    doc.send(
      new UpdateCommand({ TableName: tableName, Key: keys.registerStamp(), UpdateExpression: 'ADD stamp :one', ExpressionAttributeValues: { ':one': 1 } }),
    );
  const memberships = async (subject: string): Promise<string[]> => {
    const { pk, skPrefix } = keys.memberships(subject);
    const items = await queryAll(doc, {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
    });
    return items.map((i) => i.providerId as string);
  };

  return {
    async ping() {
      await get(keys.thresholds());
    },
    async listLocalities() {
      return (await listRegister(keys.localityPrefix)).map((i) => valueOf<Locality>(i));
    },
    putLocality: (locality, audit) => auditedPut(itemOf(keys.locality(locality.localityId), 'locality', locality), audit),
    async listProviders() {
      const stamp = ((await get(keys.registerStamp()))?.stamp as number | undefined) ?? 0;
      if (cached?.stamp === stamp) return cached.providers;
      const providers = (await listRegister(keys.providerPrefix)).map((i) => valueOf<Provider>(i));
      cached = { stamp, providers };
      return providers;
    },
    async getProvider(providerId) {
      const item = await get(keys.provider(providerId));
      return item ? valueOf<Provider>(item) : null;
    },
    async putProvider(provider, audit) {
      await auditedPut(itemOf(keys.provider(provider.providerId), 'provider', provider), audit);
      await raiseStamp();
    },
    async putProvidersAudited(changes) {
      await mapLimit(changes, AUDITED_IN_FLIGHT, ({ provider, audit }) => auditedPut(itemOf(keys.provider(provider.providerId), 'provider', provider), audit));
      await raiseStamp();
    },
    async putProviders(providers) {
      await writeItems(doc, tableName, providers.map((p) => itemOf(keys.provider(p.providerId), 'provider', p)));
      await raiseStamp();
    },
    unitsOf: memberships,
    async setUnitsOf(subject, providerIds) {
      const before = new Set(await memberships(subject));
      const after = new Set(providerIds);
      // Removals first: a write cut off half way leaves a user with less access, never more.
      await Promise.all(
        [...before]
          .filter((p) => !after.has(p))
          .map((p) => doc.send(new DeleteCommand({ TableName: tableName, Key: keys.membership(subject, p) }))),
      );
      await Promise.all(
        [...after]
          .filter((p) => !before.has(p))
          .map((p) => put(itemOf(keys.membership(subject, p), 'membership', { subject, providerId: p }))),
      );
    },
    async getThresholds() {
      const item = await get(keys.thresholds());
      return item ? (valueOf<{ thresholds: Thresholds }>(item).thresholds ?? null) : null;
    },
    putThresholds: (thresholds, audit) => auditedPut(itemOf(keys.thresholds(), 'settings', { thresholds }), audit),
  };
}
