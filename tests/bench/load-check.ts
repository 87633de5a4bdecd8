/**
 * What `npm run bench -- --load` checks beneath the API once the clients are done: nothing lost
 * or doubled, and every stored sum and view equal to a recomputation from the acknowledged
 * versions (storage layout 2: the date x locality x sector sums, the per-day current items and
 * their unitDay, the system rollups). Every check is exact: figures are whole hundredths.
 */
import {
  aggregateOf,
  bodyOf,
  canonicalBody,
  figuresOf,
  localityDayOf,
  mapLimit,
  unitDayOf,
  type LocalityDay,
  type Provider,
  type ReturnVersion,
} from '#domain';
import type { Store } from '#store/types';
import type { Ack, Unanswered } from './load-clients';

/** JSON with object keys sorted, so two values compare by content. */
const stable = (v: unknown): string =>
  JSON.stringify(v, (_k, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x));

const emptyDay = (date: string, localityId: string): LocalityDay => ({ date, localityId, groups: {}, capacity: {}, reported: {} });

export interface CheckInput {
  store: Store;
  providers: Provider[];
  /** Every date the clients could have written: nothing else writes them. */
  dates: string[];
  acks: Ack[];
  unanswered: Unanswered[];
  /** Reads a view through the API as a leader. */
  getJson: (path: string) => Promise<unknown>;
}

export interface CheckResult {
  problems: string[];
  unitDays: number;
  versions: number;
  sums: number;
  heatmapCells: number;
  repairedByReconcile: number;
}

export async function checkBeneathTheApi(input: CheckInput): Promise<CheckResult> {
  const { store, dates } = input;
  const problems: string[] = [];
  const unitOf = new Map(input.providers.map((p) => [p.providerId, p]));
  const keyOf = (providerId: string, date: string) => `${providerId}|${date}`;
  const acksOf = new Map<string, Ack[]>();
  for (const a of input.acks) acksOf.set(keyOf(a.providerId, a.date), [...(acksOf.get(keyOf(a.providerId, a.date)) ?? []), a]);
  const unansweredOf = new Map(input.unanswered.map((u) => [keyOf(u.providerId, u.date), u]));

  // Exactly once: the versions of every unit-day written are 1..n, each what was acknowledged;
  // one more only for a save given up unanswered, and then exactly its body. No unit-day was
  // written that nobody was told of.
  const finalOf = new Map<string, ReturnVersion>();
  let versions = 0;
  const current = (await mapLimit(dates, 4, (date) => store.currentForDay(date))).flat();
  const written = new Set([...current.map((r) => keyOf(r.providerId, r.date)), ...acksOf.keys(), ...unansweredOf.keys()]);
  await mapLimit([...written], 8, async (key) => {
    const [providerId, date] = key.split('|');
    const stored = await store.versions(providerId, date);
    versions += stored.length;
    const acked = acksOf.get(key) ?? [];
    const lastAcked = Math.max(0, ...acked.map((a) => a.version));
    const extra = unansweredOf.get(key);
    const expected = Array.from({ length: lastAcked }, (_, i) => i + 1);
    const numbers = stored.map((v) => v.version);
    const asExpected = numbers.join() === expected.join();
    const plusUnanswered = extra !== undefined && numbers.join() === [...expected, lastAcked + 1].join() && canonicalBody(bodyOf(stored.at(-1)!)) === canonicalBody(extra.body);
    if (!asExpected && !plusUnanswered) problems.push(`${key}: versions [${numbers.join(',')}] stored, ${lastAcked} acknowledged${extra ? ' and one unanswered' : ''}`);
    for (const a of acked) {
      const v = stored.find((s) => s.version === a.version);
      if (!v || canonicalBody(bodyOf(v)) !== canonicalBody(a.body)) problems.push(`${key}: version ${a.version} is not what was acknowledged`);
    }
    if (stored.length > 0) finalOf.set(key, stored.at(-1)!);
  });

  // The per-day current items: one per unit-day, the newest version.
  for (const r of current) {
    const v = finalOf.get(keyOf(r.providerId, r.date));
    if (v?.version !== r.version) problems.push(`${r.providerId} ${r.date}: current item is version ${r.version}, newest stored ${v?.version}`);
  }
  if (current.length !== finalOf.size) problems.push(`${current.length} current items for ${finalOf.size} unit-days written`);

  const whereOf = (ret: ReturnVersion) => {
    const p = unitOf.get(ret.providerId)!;
    return { localityId: p.localityId, sector: p.sector };
  };
  const finalsOn = (date: string) => [...finalOf.values()].filter((v) => v.date === date);

  let sums = 0;
  let unitDays = 0;
  const compareSums = async (when: string) => {
    for (const date of dates) {
      const finals = finalsOn(date);
      // Date x locality sums (what heatmaps and the discharge view read) against a recomputation.
      const stored = new Map((await store.aggregates([date])).map((d) => [d.localityId, d]));
      const localities = new Set([...stored.keys(), ...finals.map((v) => whereOf(v).localityId)]);
      for (const localityId of localities) {
        if (when === 'after the run') sums++;
        const expected = aggregateOf(date, localityId, finals.filter((v) => whereOf(v).localityId === localityId).map((ret) => ({ ret, sector: whereOf(ret).sector })));
        if (stable(stored.get(localityId) ?? emptyDay(date, localityId)) !== stable(expected))
          problems.push(`${when}: sums of ${date} ${localityId} differ from a recomputation from the acknowledged versions`);
      }
      // The whole system's day (a rollup when current, else summed live): the summary and trends.
      const [system] = await store.systemDays([date]);
      const all = localityDayOf(date, '*', finals.map((ret) => ({ sector: whereOf(ret).sector, figures: figuresOf(ret) })));
      if (when === 'after the run') sums++;
      if (stable(system ?? emptyDay(date, '*')) !== stable(all)) problems.push(`${when}: the system's sums of ${date} differ from a recomputation`);
    }
  };
  await compareSums('after the run');

  // Each reporting unit's day (completeness, drill-downs, unit heatmaps) as its newest version has it.
  for (const date of dates) {
    const stored = new Map((await store.unitDays([date])).map((u) => [u.providerId, u]));
    const finals = finalsOn(date);
    unitDays += finals.length;
    if (stored.size !== finals.length) problems.push(`${date}: ${stored.size} unit days for ${finals.length} units written`);
    for (const ret of finals)
      if (stable(stored.get(ret.providerId)) !== stable(unitDayOf(ret, whereOf(ret)))) problems.push(`${ret.providerId} ${date}: unitDay differs from its newest version`);
  }

  // Through the API: every locality x staff-group cell of the vacancy-rate heatmap.
  let heatmapCells = 0;
  for (const date of dates) {
    const expected = new Map<string, { n: number; d: number; reported: number }>();
    for (const ret of finalsOn(date))
      for (const line of ret.staffing) {
        const key = `${whereOf(ret).localityId}|${line.staffGroup}`;
        const e = expected.get(key) ?? { n: 0, d: 0, reported: 0 };
        expected.set(key, { n: e.n + Math.round(line.vacancyWte * 100), d: e.d + Math.round(line.establishmentWte * 100), reported: e.reported + 1 });
      }
    const view = (await input.getJson(`/api/system/heatmap?date=${date}&measure=vacancy-rate&rows=locality&columns=staff-group`)) as {
      cells: { row: string; column: string; numerator: number | null; denominator: number | null; reported: number }[];
    };
    for (const cell of view.cells) {
      heatmapCells++;
      const e = expected.get(`${cell.row}|${cell.column}`) ?? { n: 0, d: 0, reported: 0 };
      const same = (a: number | null, hundredths: number) => Math.round((a ?? 0) * 100) === hundredths;
      if (cell.reported !== e.reported || !same(cell.numerator, e.n) || !same(cell.denominator, e.d))
        problems.push(`${date} ${cell.row} x ${cell.column}: ${cell.numerator}/${cell.denominator} from ${cell.reported} units, expected ${e.n / 100}/${e.d / 100} from ${e.reported}`);
    }
  }

  // Every save was finished by its own request: the repair job finds nothing to finish and changes
  // no sum; the rollups it would build read the same as the live sums.
  const { repaired } = await store.reconcile();
  await store.rollUp(dates);
  await compareSums('after reconcile and rollups');

  return { problems, unitDays, versions, sums, heatmapCells, repairedByReconcile: repaired };
}
