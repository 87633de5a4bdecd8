import type { UnitDay } from '../aggregate';
import { isExpectedOn, type Locality, type Provider } from '../register';
import type { CompletenessUnit, CompletenessView } from './types';
import { absentStatus, clockText, DEFAULT_DEADLINE_MINUTES, isPastDeadline } from './coverage';
import { localityName, unitOrder } from './scope';

export { DEFAULT_DEADLINE_MINUTES };

/**
 * On time means version 1 arrived before the deadline (UK time) on the service date itself
 * or earlier; an amendment never changes it (firstSubmittedAt).
 */
export const isOnTime = (firstSubmittedAt: string, date: string, deadlineMinutes = DEFAULT_DEADLINE_MINUTES): boolean =>
  !isPastDeadline(date, new Date(firstSubmittedAt), deadlineMinutes);

const STATUS_ORDER: Record<CompletenessUnit['status'], number> = { missing: 0, 'not-in-yet': 1, late: 2, 'on-time': 3 };

/**
 * Who owed a return on the date and whether it came. Only units that owe one are listed
 * (a weekday-only unit is not missing on a Sunday). `lastReturnDates` gives, for missing
 * units, the date they last reported (absent or null: never). Given `now`, a unit without a
 * return before the date's deadline is 'not-in-yet', not 'missing' (coverage.ts).
 */
export function completenessOf(input: {
  date: string;
  providers: readonly Provider[];
  localities: readonly Locality[];
  /** The units that reported on the date (others are ignored). */
  unitDays: readonly Pick<UnitDay, 'providerId' | 'date' | 'firstSubmittedAt'>[];
  lastReturnDates?: Readonly<Record<string, string | null>>;
  deadlineMinutes?: number;
  now?: Date;
}): CompletenessView {
  const { date, deadlineMinutes = DEFAULT_DEADLINE_MINUTES } = input;
  const received = new Map(input.unitDays.filter((u) => u.date === date).map((u) => [u.providerId, u]));
  const units: CompletenessUnit[] = input.providers
    .filter((p) => isExpectedOn(p, date))
    .map((p): CompletenessUnit => {
      const unit = received.get(p.providerId);
      const status = !unit ? absentStatus(date, input.now, deadlineMinutes) : isOnTime(unit.firstSubmittedAt, date, deadlineMinutes) ? 'on-time' : 'late';
      return {
        providerId: p.providerId,
        name: p.name,
        localityId: p.localityId,
        locality: localityName(input.localities, p.localityId),
        sector: p.sector,
        status,
        submittedAt: unit?.firstSubmittedAt ?? null,
        lastReturnDate: unit ? date : (input.lastReturnDates?.[p.providerId] ?? null),
      };
    })
    .sort(
(a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || unitOrder(a, b)
    );
  const count = (s: CompletenessUnit['status']) => units.filter((u) => u.status === s).length;
  return {
    date,
    deadline: clockText(deadlineMinutes),
    expected: units.length,
    received: units.length - count('missing') - count('not-in-yet'),
    onTime: count('on-time'),
    late: count('late'),
    missing: count('missing'),
    notInYet: count('not-in-yet'),
    units,
  };
}
