import { renderHexJSON } from 'd3-hexjson';
import layout from '../../seeds/data/ward-hexes.hexjson';

/** How a hex is coloured: its category (shown in the legend and kept on the hex as data-category) and a label. */
export interface HexValue {
  category: string;
  label: string;
}

/** Better / Similar / Worse against the borough, as OHID's Fingertips colours them. */
export const COMPARISON_COLOURS: Readonly<Record<string, string>> = {
  BETTER: '#3a9e4f',
  SIMILAR: '#f2c14e',
  WORSE: '#c8423b',
  HIGHER: '#3f6fb5',
  LOWER: '#9cc3e6',
  NOT_COMPARED: '#c9c9c9',
  NO_VALUE: '#eeeeee',
};

/** Deprivation by rank in the borough, most deprived fifth first. */
export const DEPRIVATION_COLOURS: Readonly<Record<string, string>> = {
  DEPRIVATION_FIFTH_1: '#7a0177',
  DEPRIVATION_FIFTH_2: '#c51b8a',
  DEPRIVATION_FIFTH_3: '#f768a1',
  DEPRIVATION_FIFTH_4: '#fbb4b9',
  DEPRIVATION_FIFTH_5: '#feebe2',
  NO_VALUE: '#eeeeee',
};

/** The fifth of the borough's wards a deprivation rank falls in (1 = the most deprived fifth). */
export function deprivationCategory(rank: number | null | undefined, wardsRanked: number | null | undefined): string {
  if (!rank || !wardsRanked) return 'NO_VALUE';
  return `DEPRIVATION_FIFTH_${Math.min(5, Math.ceil((rank / wardsRanked) * 5))}`;
}

const SVG = 'http://www.w3.org/2000/svg';

/** Draws the ward hex map into `svg`, one polygon per ward in the layout, coloured by `values` (ward code → value). */
export function drawHexMap(
  svg: SVGSVGElement,
  values: ReadonlyMap<string, HexValue>,
  colours: Readonly<Record<string, string>>,
  names: ReadonlyMap<string, string>,
): void {
  const width = 520;
  const height = 520;
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.replaceChildren();
  // renderHexJSON adds positions to the hexes it is given: a copy, so each drawing starts afresh.
  const hexes = renderHexJSON(structuredClone(layout), width, height);
  for (const hex of hexes) {
    const value = values.get(hex.key) ?? { category: 'NO_VALUE', label: 'no figure' };
    const name = names.get(hex.key) ?? hex.key;
    const group = document.createElementNS(SVG, 'g');
    group.setAttribute('transform', `translate(${hex.x},${hex.y})`);
    const polygon = document.createElementNS(SVG, 'polygon');
    polygon.setAttribute('points', hex.points);
    polygon.setAttribute('class', 'hex');
    polygon.setAttribute('fill', colours[value.category] ?? colours.NO_VALUE);
    polygon.dataset.code = hex.key;
    polygon.dataset.category = value.category;
    const title = document.createElementNS(SVG, 'title');
    title.textContent = `${name}: ${value.label}`;
    polygon.append(title);
    const text = document.createElementNS(SVG, 'text');
    text.setAttribute('text-anchor', 'middle');
    text.setAttribute('dy', '0.35em');
    text.setAttribute('class', 'hex-label');
    text.textContent = abbreviate(name);
    group.append(polygon, text);
    svg.append(group);
  }
}

/** A ward name short enough for its hex: whole when short ("Wath"), else the start of its first word and the initials of the rest ("RotW"). */
function abbreviate(name: string): string {
  if (name.length <= 7) return name;
  const [first, ...rest] = name.split(/[\s&]+/).filter(Boolean);
  return first.slice(0, 3) + rest.map((w) => w[0].toUpperCase()).join('');
}

/** The layout's own note: the positions are illustrative. */
export const LAYOUT_NOTE: string = layout.note;
