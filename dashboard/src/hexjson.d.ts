declare module '*.hexjson' {
  const layout: {
    layout: 'odd-r' | 'even-r' | 'odd-q' | 'even-q';
    illustrative: boolean;
    note: string;
    hexes: Record<string, { n: string; q: number; r: number; locality: string }>;
  };
  export default layout;
}

declare module 'd3-hexjson' {
  /** A hex of the layout with where to draw it (d3-hexjson's README). */
  export interface RenderedHex {
    key: string;
    x: number;
    y: number;
    points: string;
  }
  export function renderHexJSON(hexjson: object, width: number, height: number): RenderedHex[];
}
