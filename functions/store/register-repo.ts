import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Locality, Provider, Thresholds } from '#domain';
import type { AuditedPut } from './audit-repo';
import { itemOf, placedUnitOf, providerItem, providerOf, valueOf } from './items';
import { assignParts, type PlacedUnit } from './sums-parts';
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
  | 'placementOf'
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
  let cached: { stamp: number; providers: Provider[]; placed: PlacedUnit[] } | null = null;
  /** The part of the sums of each unit this process has read: where a unit's first return of a date goes. */
  const partsRead = new Map<string, number>();
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

  /** The register as of its stamp: read whole only when the stamp moved. */
  const register = async () => {
    const stamp = ((await get(keys.registerStamp()))?.stamp as number | undefined) ?? 0;
    if (cached?.stamp === stamp) return cached;
    const items = await listRegister(keys.providerPrefix);
    cached = { stamp, providers: items.map(providerOf), placed: items.map(placedUnitOf) };
    return cached;
  };
  const partsFor = async (providers: readonly Provider[]) => {
    const parts = assignParts((await register()).placed, providers);
    providers.forEach((p, i) => partsRead.set(p.providerId, parts[i]));
    return parts;
  };

  return {
    async ping() {
      await get(keys.thresholds());
    },
    async listLocalities() {
      return (await listRegister(keys.localityPrefix)).map((i) => valueOf<Locality>(i));
    },
    putLocality: (locality, audit) => auditedPut(itemOf(keys.locality(locality.localityId), 'locality', locality), audit),
    listProviders: async () => (await register()).providers,
    async getProvider(providerId) {
      const item = await get(keys.provider(providerId));
      if (!item) return null;
      partsRead.set(providerId, placedUnitOf(item).sumsPart);
      return providerOf(item);
    },
    async placementOf(provider) {
      // Any part is correct (a date's later versions follow its first); the one read last only keeps the parts even.
      let part = partsRead.get(provider.providerId);
      if (part === undefined) {
        const item = await get(keys.provider(provider.providerId));
        part = item ? placedUnitOf(item).sumsPart : 0;
      }
      return { localityId: provider.localityId, sector: provider.sector, ...(part > 0 ? { sumsPart: part } : {}) };
    },
    async putProvider(provider, audit) {
      const [part] = await partsFor([provider]);
      await auditedPut(providerItem(provider, part), audit);
      await raiseStamp();
    },
    async putProvidersAudited(changes) {
      const parts = await partsFor(changes.map((c) => c.provider));
      const placed = changes.map((c, i) => ({ ...c, part: parts[i] }));
      await mapLimit(placed, AUDITED_IN_FLIGHT, ({ provider, audit, part }) => auditedPut(providerItem(provider, part), audit));
      await raiseStamp();
    },
    async putProviders(providers) {
      const parts = await partsFor(providers);
      await writeItems(doc, tableName, providers.map((p, i) => providerItem(p, parts[i])));
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
