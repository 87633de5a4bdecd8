import type { Clock, Person } from '#domain';
import { auditEntry, type Actor } from '#domain/audit';
import { userOf, type Directory, type Invite } from '#domain/users';
import type { Store } from '#store/types';

/**
 * Inviting someone, as POST /api/users and `npm run admin:create` both do: the directory
 * creates the account and sends the invitation, the table records the person, and the audit
 * trail says who invited them. The callers decide what an address already in use means.
 */
export async function invitePerson(
  deps: { store: Store; directory: Directory; clock: Clock },
  actor: Actor,
  invite: Invite,
  summary: string,
): Promise<{ saved: true; person: Person } | { saved: false }> {
  const { subject } = await deps.directory.invite({ email: invite.email, name: invite.name, role: invite.role });
  const person: Person = { subject, name: invite.name, email: invite.email, role: invite.role, providerIds: invite.providerIds };
  const audit = auditEntry(actor, deps.clock.now(), { kind: 'user', target: subject, summary, before: null, after: userOf(person) });
  if (!(await deps.store.putPerson(person, audit)).saved) return { saved: false };
  return { saved: true, person };
}
