import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { systemClock, type Clock, type Person } from '#domain';
import { invitePerson } from '#api/invite';
import { inviteSchema, type Directory } from '#domain/users';
import { createDocumentClient } from '#store/client';
import { cognitoDirectory } from '#store/directory-cognito';
import { localDirectory } from '#store/directory-local';
import { createDynamoStore } from '#store/dynamo-store';
import { DEFAULT_TABLE_NAME } from '#store/table';
import type { Store } from '#store/types';
import { argsOrUsage } from './args';
import { ensureLocalTable } from './table';
import { startEmbeddedDynamo } from './dynalite';
import { exitIfInUse } from './in-use';

/**
 * `npm run admin:create -- --email <address> --name "<name>"`: the first admin of a new
 * system, who then invites everyone else from the dashboard. Against a deployed stack
 * (`--table` and `--user-pool`, from the stack's outputs; the caller's AWS credentials) it
 * invites the person through Cognito, with the invitation e-mail; on a laptop (`--local`,
 * the `.data/` of `npm start`, which must be stopped) it adds them to the local directory.
 * Running it again for the same admin changes nothing.
 */

/** Who the audit trail names for a change made by this command rather than by a signed-in admin. */
const COMMAND = { subject: 'admin:create', name: 'the admin:create command' };

export type FirstAdminOutcome = { outcome: 'created' | 'already-admin'; person: Person };

export async function createFirstAdmin(deps: { store: Store; directory: Directory; clock: Clock }, asked: { email: string; name: string }): Promise<FirstAdminOutcome> {
  const parsed = inviteSchema.safeParse({ email: asked.email, name: asked.name, role: 'admin' });
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `--${String(i.path[0])} ${i.message}`).join('; '));
  const { email, name } = parsed.data;
  const existing = await deps.store.personByEmail(email);
  if (existing?.role === 'admin' && !existing.disabled) return { outcome: 'already-admin', person: existing };
  if (existing) throw new Error(`${email} is already a ${existing.disabled ? 'disabled ' : ''}${existing.role} user; an admin can change them on the Users page.`);
  const invited = await invitePerson(deps, COMMAND, parsed.data, `Created the admin ${name} (${email})`);
  if (!invited.saved) throw new Error(`${email} was taken by another user a moment ago.`);
  return { outcome: 'created', person: invited.person };
}

const USAGE = `Usage:
  npm run admin:create -- --email <address> --name "<full name>" --table <TableName> --user-pool <UserPoolId> [--region <region>]
  npm run admin:create -- --email <address> --name "<full name>" --local [--data-dir .data]`;

async function main(argv: string[]): Promise<number> {
  const { values } = argsOrUsage(
    {
      args: argv,
      options: {
        email: { type: 'string' },
        name: { type: 'string' },
        table: { type: 'string' },
        'user-pool': { type: 'string' },
        region: { type: 'string' },
        local: { type: 'boolean', default: false },
        'data-dir': { type: 'string', default: '.data' },
      },
      strict: true,
    },
    USAGE,
  );
  if (values.email === undefined || values.name === undefined || (!values.local && (!values.table || !values['user-pool']))) {
    console.error(USAGE);
    return 2;
  }
  const asked = { email: values.email, name: values.name };
  if (values.local) {
    const dataDir = resolve(values['data-dir']);
    await mkdir(join(dataDir, 'dynalite'), { recursive: true });
    const dynamo = await startEmbeddedDynamo(join(dataDir, 'dynalite')).catch(exitIfInUse);
    const doc = createDocumentClient({ endpoint: dynamo.endpoint, region: 'local' });
    try {
      await ensureLocalTable(dynamo.endpoint, DEFAULT_TABLE_NAME);
      const result = await createFirstAdmin({ store: createDynamoStore({ doc, tableName: DEFAULT_TABLE_NAME }), directory: localDirectory(), clock: systemClock }, asked);
      console.log(say(result, 'Start the system with `npm start` and sign in as them on the demo sign-in page.'));
      return 0;
    } finally {
      doc.destroy();
      await dynamo.stop();
    }
  }
  const doc = createDocumentClient({ region: values.region });
  try {
    const result = await createFirstAdmin(
      {
        store: createDynamoStore({ doc, tableName: values.table! }),
        directory: cognitoDirectory({ userPoolId: values['user-pool']!, region: values.region }),
        clock: systemClock,
      },
      asked,
    );
    console.log(say(result, 'Cognito has e-mailed them a temporary password: they open the DashboardUrl, choose a password and set up an authenticator app.'));
    return 0;
  } finally {
    doc.destroy();
  }
}

const say = (r: FirstAdminOutcome, next: string) =>
  r.outcome === 'already-admin'
    ? `${r.person.name} <${r.person.email}> is already an admin; nothing changed.`
    : `Created the admin ${r.person.name} <${r.person.email}> (user id ${r.person.subject}). ${next}`;

if (import.meta.url === `file://${process.argv[1]}`)
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(`admin:create failed: ${(e as Error).message}`);
      process.exit(1);
    },
  );
