import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS } from '#domain';
import { draftOf, readDraft } from '../../web/src/pages/admin/thresholds';

describe('an admin typing bounds: rates in per cent, hours as they are', () => {
  it('reads 5.25 % as the fraction 0.0525, exactly, and shows it back as typed', () => {
    const draft = draftOf(DEFAULT_THRESHOLDS);
    draft['vacancy-rate'] = { amber: '5.25', red: '10.5' };
    const read = readDraft(draft);
    expect(read.errors).toBeNull();
    expect(read.thresholds!['vacancy-rate']).toEqual({ amber: 0.0525, red: 0.105 });
    expect(draftOf(read.thresholds!)['vacancy-rate']).toEqual({ amber: '5.25', red: '10.5' });
  });

  it('refuses more decimal places than are kept, counted in what the admin typed', () => {
    const draft = draftOf(DEFAULT_THRESHOLDS);
    draft['vacancy-rate'].amber = '5.255';
    draft['unfilled-hours'].amber = '50.00001';
    expect(readDraft(draft).errors).toEqual({
      'vacancy-rate.amber': 'must have no more than 2 decimal places',
      'unfilled-hours.amber': 'must have no more than 4 decimal places',
    });
  });
});
