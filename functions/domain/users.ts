import { z } from 'zod';
import { emailSchema, personSchema, type Person } from './people';
import { ROLES, type Role } from './register';

/**
 * User administration: admins invite people, give them a role and (provider users) their
 * units, disable them, and enable them again. The identity provider is reached through the Directory port:
 * Cognito in AWS, the table itself on a laptop.
 */

/** A user id as the API takes it in a path: Cognito's `sub` (a UUID) or a local subject. */
export const userIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$/, 'must be a user id (letters, digits, . _ @ -)');

/** What an admin sets: the person's own rules (people.ts), units defaulting to none. */
const { name, role, providerIds } = personSchema.shape;
const userFields = { name, role, providerIds: providerIds.default([]) };

const unitsFitRole = (u: { role: Role; providerIds: string[] }, ctx: z.RefinementCtx) => {
  if (u.role === 'provider' && u.providerIds.length === 0)
    ctx.addIssue({ code: 'custom', path: ['providerIds'], message: 'a provider user needs at least one unit' });
  if (u.role !== 'provider' && u.providerIds.length > 0)
    ctx.addIssue({ code: 'custom', path: ['providerIds'], message: 'only provider users belong to units; leaders and admins see every unit' });
  const seen = new Set<string>();
  u.providerIds.forEach((p, i) => {
    if (seen.has(p)) ctx.addIssue({ code: 'custom', path: ['providerIds', i], message: `unit ${p} is given twice` });
    seen.add(p);
  });
};

/** A user as the API answers them. */
export const userSchema = z
  .object({
    userId: z.string().describe("the subject of the user's tokens"),
    name: z.string(),
    email: z.string(),
    role: z.enum(ROLES),
    providerIds: z.array(z.string()).describe("a provider user's units"),
    status: z.enum(['active', 'disabled']),
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof userSchema>;

/** A person as the API (and the audit trail) shows them. */
export const userOf = (p: Person): User => ({
  userId: p.subject,
  name: p.name,
  email: p.email,
  role: p.role,
  providerIds: p.providerIds,
  status: p.disabled ? 'disabled' : 'active',
});

/** POST /api/users: who to invite. */
export const inviteSchema = z.strictObject({ email: emailSchema, ...userFields }).superRefine(unitsFitRole);
export type Invite = z.infer<typeof inviteSchema>;

/** PUT /api/users/{userId}: name, role and units (the e-mail address is the sign-in and stays). */
export const userChangeSchema = z.strictObject(userFields).superRefine(unitsFitRole);
export type UserChange = z.infer<typeof userChangeSchema>;

/**
 * The identity provider, as the API needs it. Group (role) changes reach tokens at the next
 * sign-in or refresh; the API reads role and status from the table at every request, so
 * they apply at once.
 */
export interface Directory {
  /**
   * Creates the account and sends the invitation e-mail, answering the subject its tokens
   * will carry. An account that already exists for the address is adopted, not duplicated,
   * so an invitation retried after a failure is safe.
   */
  invite(user: { email: string; name: string; role: Role }): Promise<{ subject: string }>;
  /** Moves the account from the group of one role to another's. */
  setRole(subject: string, from: Role, to: Role): Promise<void>;
  /** No new sign-in, and no refresh of the sessions it has. */
  disable(subject: string): Promise<void>;
  /** Signing in again allowed (with the password they had; sessions revoked when disabled stay revoked). */
  enable(subject: string): Promise<void>;
}

/** PATCH /api/users/{userId}: an account's status, `active` to re-enable a disabled user. */
export const userStatusSchema = z.strictObject({ status: z.enum(['active', 'disabled']) });
