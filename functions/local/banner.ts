import { addDays } from '#domain';
import type { DemoOutcome } from './demo-loader';

/** What `npm start` prints once ready: where to look, that the data is invented, and how to call the API. */
export function bannerOf(opts: { port: number; demo: DemoOutcome | null; exampleUnit: string | null; today: string }): string {
  const base = `http://localhost:${opts.port}`;
  const token = (body: string) =>
    `TOKEN=$(curl -s -X POST ${base}/auth/local/token -H 'Content-Type: application/json' -d '${body}' | sed -E 's/.*"access_token":"([^"]+)".*/\\1/')`;
  const unit = opts.exampleUnit ?? 'UNIT-ID';
  const demo =
    opts.demo === null
      ? 'No demo data (started with demo off).'
      : opts.demo.action === 'loaded'
        ? `Loaded SYNTHETIC demo data: ${opts.demo.units} invented units, ${opts.demo.returns} daily returns, in ${(opts.demo.ms / 1000).toFixed(1)} s.`
        : opts.demo.action === 'topped-up'
          ? `SYNTHETIC demo data, topped up to now with ${opts.demo.returns} returns since ${opts.demo.from}.`
          : `Demo data not loaded: ${opts.demo.reason}.`;
  return [
    '',
    '────────────────────────────────────────────────────────────────────────',
    `  Staffing dashboard is running:  ${base}`,
    '',
    `  ${demo}`,
    '  Every organisation, unit and figure is INVENTED (names end "(demo)").',
    '',
    '  Get a token and call the API (copy and paste):',
    '',
    '  # system leader: every return and every system view',
    `  ${token('{"role":"leader"}')}`,
    `  curl -s -H "Authorization: Bearer $TOKEN" '${base}/api/system/summary'`,
    '',
    '  # admin: everything a leader can, plus the register and thresholds',
    `  ${token('{"role":"admin"}')}`,
    `  curl -s -H "Authorization: Bearer $TOKEN" ${base}/api/settings/thresholds`,
    '',
    `  # provider user of one unit (${unit})`,
    `  ${token(`{"role":"provider","providerIds":["${unit}"]}`)}`,
    `  curl -s -H "Authorization: Bearer $TOKEN" '${base}/api/providers/${unit}/returns?from=${addDays(opts.today, -6)}&to=${opts.today}'`,
    '',
    `  API description: ${base}/api/openapi.json      Stop: Ctrl+C      Start afresh: npm start -- --reset`,
    '────────────────────────────────────────────────────────────────────────',
    '',
  ].join('\n');
}
