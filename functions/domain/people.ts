import { z } from 'zod';
import { ROLES, slug, type Role } from './register';
import { freeText } from './text';

/** An e-mail address as people type it: trimmed and lower-cased, so one person has one entry. */
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'must be at most 254 characters')
  .pipe(z.email({ error: 'must be an e-mail address, like sam.jones@example.org' }));

/**
 * A person who signs in: the token's subject (Cognito's `sub`) with the name shown wherever
 * they act (headers, "submitted by", version history), their role and, for a provider user,
 * the units they report for. Units are held server-side only, never in a token.
 */
export const personSchema = z.strictObject({
  subject: z.string().min(1).max(128),
  name: freeText(100),
  email: emailSchema,
  role: z.enum(ROLES),
  providerIds: z.array(slug).max(300),
  disabled: z.boolean().optional(),
});
export interface Person {
  subject: string;
  name: string;
  email: string;
  role: Role;
  /** The units a provider user reports for; empty for leaders and admins (they see every unit). */
  providerIds: string[];
  /** Set when an admin disabled the account: every request with its tokens is refused at once. */
  disabled?: boolean;
}
