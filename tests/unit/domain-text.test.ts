import { describe, expect, it } from 'vitest';
import { freeText, localitySchema, pressureSchema } from '#domain';

describe('free text', () => {
  const note = freeText(500, { min: 0, trim: false });

  it.each([
    ['plain words', 'Two wards short of nurses'],
    ['new lines and tabs', 'Ward 5:\tshort\nWard 6:\tclosed'],
    ['accents and other scripts', 'Café Zoë · Ysbyty Gwynedd · مستشفى'],
    ['a character outside the basic plane', 'Staffing 👍'],
    ['nothing', ''],
  ])('accepts %s', (_, text) => {
    expect(note.safeParse(text)).toEqual({ success: true, data: text });
  });

  it.each([
    ['a NUL', 'a\u0000b', 'U+0000 at position 2'],
    ['a carriage return', 'line\r\nnext', 'U+000D at position 5'],
    ['an escape sequence', '\u001b[31mred', 'U+001B at position 1'],
    ['a C1 control', 'x\u0085y', 'U+0085'],
    ['a right-to-left override', 'invoice\u202Efdp.exe', 'U+202E at position 8'],
    ['a direction isolate', '\u2066x\u2069', 'U+2066 at position 1'],
    ['a lone high surrogate', 'ab\ud800c', 'half of a character (U+D800 at position 3)'],
    ['a lone low surrogate at the end', 'ab\udc00', 'half of a character (U+DC00 at position 3)'],
  ])('refuses %s, saying which character and where', (_, text, where) => {
    const r = note.safeParse(text);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].message).toContain(where);
  });

  it('is the rule of every free-text field: notes, unit and locality names', () => {
    expect(pressureSchema.safeParse({ level: 2, note: 'ok\u202e' }).error?.issues[0].path).toEqual(['note']);
    expect(localitySchema.safeParse({ localityId: 'x', name: 'Ox\u0000ford' }).error?.issues[0].path).toEqual(['name']);
    expect(localitySchema.safeParse({ localityId: 'x', name: '  Oxford ' }).data?.name).toBe('Oxford');
  });
});
