import {
  FAMILY_LABELS,
  MEASURES,
  measureInfo,
  SECTORS,
  SECTOR_FAMILIES,
  SECTOR_LABELS,
  type Measure,
} from '#domain';
import { serviceDateOf } from '#domain/dates';

export const todayInUk = () => serviceDateOf(new Date());

export const measureOptions = MEASURES.map((m) => ({ value: m, label: measureInfo(m).label }));
export const isMeasure = (v: string | null): v is Measure => !!v && (MEASURES as readonly string[]).includes(v);

/** The sector filter takes a family (all hospitals) or one sector, as the API does. */
export const sectorOptions = [
  { value: '', label: 'All sectors' },
  ...SECTOR_FAMILIES.map((f) => ({ value: f, label: `${FAMILY_LABELS[f]} (all)` })),
  ...SECTORS.filter((s) => !(SECTOR_FAMILIES as readonly string[]).includes(s)).map((s) => ({ value: s, label: SECTOR_LABELS[s] })),
];

export const sectorLabel = (v: string): string =>
  sectorOptions.find((o) => o.value === v)?.label ?? v;
