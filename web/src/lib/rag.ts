import { schemeRdYlBu } from 'd3-scale-chromatic';
import type { Rag } from '#domain';

/**
 * Red/amber/green from ColorBrewer's RdYlBu, a colour-blind-safe diverging scheme: "green"
 * is drawn as its light blue end so that it can be told from red with any colour vision.
 * Every cell also shows its number, so colour is never the only signal.
 */
const scheme = schemeRdYlBu[5];
export const RAG_FILL: Record<Rag, string> = { red: scheme[0], amber: scheme[1], green: scheme[3], none: '#ffffff' };
export const RAG_LABELS: Record<Rag, string> = { red: 'Red', amber: 'Amber', green: 'Green', none: 'No return' };

/** NHS text colour and white: the two candidates for text on a coloured cell. */
export const NHS_TEXT = '#212b32';
export const WHITE = '#ffffff';

function luminance(hex: string): number {
  const n = parseInt(hex.replace('#', ''), 16);
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
}

/** WCAG 2 contrast ratio between two #rrggbb colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** The text colour (NHS black or white) with the higher contrast on a fill. */
export const textOn = (fill: string): string => (contrastRatio(NHS_TEXT, fill) >= contrastRatio(WHITE, fill) ? NHS_TEXT : WHITE);

export function ragStyle(rag: Rag): string {
  const fill = RAG_FILL[rag];
  return `background-color:${fill};color:${textOn(fill)}`;
}
