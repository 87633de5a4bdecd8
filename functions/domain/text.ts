import { z } from 'zod';

/**
 * Characters free text may not hold: control characters other than newline and tab (NUL,
 * carriage return, escape, C1), and the bidirectional embeddings, overrides and isolates
 * that make text read differently from how it is stored ("Trojan Source").
 */
const FORBIDDEN = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

const codePoint = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** The first character free text may not hold, with where it is, or null. Lone surrogates count. */
export function textProblem(text: string): string | null {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
    }
    if (unit >= 0xd800 && unit <= 0xdfff) return `holds half of a character (${codePoint(text[i])} at position ${i + 1}); retype it`;
    if (FORBIDDEN.test(text[i]))
      return `holds an invisible control or text-direction character (${codePoint(text[i])} at position ${i + 1}); only letters, digits, punctuation, spaces, new lines and tabs may be used`;
  }
  return null;
}

/**
 * Free text typed by a person (names, notes): 1 to `max` characters (`min: 0` lets it be
 * empty), names trimmed (a note is kept exactly as typed), without control characters, lone surrogates or direction overrides. One
 * schema for every such field, so each says the same plain thing when it refuses.
 */
export const freeText = (max: number, opts: { min?: number; trim?: boolean } = {}) =>
  (opts.trim === false ? z.string() : z.string().trim())
    .min(opts.min ?? 1, opts.min === 0 ? undefined : 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .superRefine((text, ctx) => {
      const problem = textProblem(text);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });
