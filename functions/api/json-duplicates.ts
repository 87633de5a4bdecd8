type Frame = { kind: 'object'; keys: Set<string>; key?: string; expectKey: boolean } | { kind: 'array'; index: number };

/** Index of the closing quote of the JSON string that opens at `start`. */
function endOfString(text: string, start: number): number {
  let i = start + 1;
  while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  return i;
}

const pathOf = (stack: Frame[]): string[] =>
  stack.flatMap((f) => (f.kind === 'array' ? [String(f.index)] : f.key === undefined ? [] : [f.key]));

/**
 * JSON.parse silently keeps the last of two equal keys, so a body could say one thing to a
 * reviewer and another to the server. This scans text that JSON.parse has already accepted
 * and answers the path of the first key given twice (`staffing.0.inPostWte`), or null.
 * Keys are compared decoded, so "a" and "\u0061" are the same key.
 */
export function duplicateKeyPath(text: string): string | null {
  const stack: Frame[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    const top = stack.at(-1);
    if (ch === '"') {
      const end = endOfString(text, i);
      if (top?.kind === 'object' && top.expectKey) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (top.keys.has(key)) return [...pathOf(stack.slice(0, -1)), key].join('.');
        top.keys.add(key);
        top.key = key;
        top.expectKey = false;
      }
      i = end;
    } else if (ch === '{') stack.push({ kind: 'object', keys: new Set(), expectKey: true });
    else if (ch === '[') stack.push({ kind: 'array', index: 0 });
    else if (ch === '}' || ch === ']') stack.pop();
    else if (ch === ',' && top) {
      if (top.kind === 'object') top.expectKey = true;
      else top.index++;
    }
  }
  return null;
}
