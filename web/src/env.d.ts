/// <reference types="svelte" />
/// <reference types="vite/client" />

// d3-scale-chromatic ships no types; we use only the named schemes below.
declare module 'd3-scale-chromatic' {
  export const schemeRdYlBu: readonly (readonly string[])[];
  export const schemeBlues: readonly (readonly string[])[];
}
