import { describe, expect, it } from 'vitest';
import { contrastRatio, RAG_FILL, textOn } from '#web/lib/rag';

describe('heatmap cell colours', () => {
  it('keeps the number in every red, amber, green and empty cell readable at WCAG AA (4.5:1)', () => {
    for (const fill of Object.values(RAG_FILL)) expect(contrastRatio(textOn(fill), fill)).toBeGreaterThanOrEqual(4.5);
  });
  it('uses three different fills, so red, amber and green cells differ', () => {
    expect(new Set([RAG_FILL.red, RAG_FILL.amber, RAG_FILL.green]).size).toBe(3);
  });
  it('computes the WCAG contrast ratio', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#005eb8', '#ffffff')).toBeGreaterThan(4.5);
  });
});
