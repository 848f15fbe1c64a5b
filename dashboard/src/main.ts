import {
  CrimeTrendDocument,
  DataCursorDocument,
  DataRefreshedLiveDocument,
  GroupUpdatesDocument,
  IndicatorComparisonsDocument,
  LocalitySummaryDocument,
  MeDocument,
  TargetingDocument,
  WardCardsDocument,
  type IndicatorComparisonsQuery,
  type WardCardsQuery,
} from '../generated/graphql';
import { HubRequestError, liveClient, query, subscribe, type HubSession } from './api';
import { crimeByCategory, crimeByMonth, targeting } from './charts';
import { COMPARISON_COLOURS, DEPRIVATION_COLOURS, deprivationCategory, drawHexMap, LAYOUT_NOTE, type HexValue } from './map';

/*
 * The borough dashboard: the hub's own page, built only on the trusted documents in
 * dashboard/operations (sent by hash), so an API key limited to them can drive it.
 */

const TOKEN_KEY = 'hub-dashboard-token';
const DEPRIVATION = 'deprivation';

function $(id: string): HTMLElement {
  const element = document.getElementById(id);
  if (!element) throw new Error(`The page has no #${id}`);
  return element;
}

/** An element made with its class and text. */
function el(tag: string, className: string, text: string): HTMLElement {
  const element = document.createElement(tag);
  element.className = className;
  element.textContent = text;
  return element;
}

type Ward = WardCardsQuery['localities'][number]['wards'][number];
type IndicatorResult = IndicatorComparisonsQuery['localities'][number]['wards'][number]['indicators'][number];

interface State {
  wards: Ward[];
  indicators: Map<string, IndicatorResult[]>;
  colourBy: string;
}

const state: State = { wards: [], indicators: new Map(), colourBy: DEPRIVATION };

function status(message: string, error = false): void {
  const el = $('status');
  el.textContent = message;
  el.classList.toggle('error', error);
}

/** A result's key in the picker: an indicator, and the sex when it is published by sex. */
const indicatorKey = (r: IndicatorResult) => `${r.indicator.id}:${r.sex}`;

function colourValues(): { values: Map<string, HexValue>; colours: Record<string, string>; legend: string } {
  const values = new Map<string, HexValue>();
  if (state.colourBy === DEPRIVATION) {
    for (const ward of state.wards) {
      const d = ward.profile.deprivation;
      values.set(ward.code, {
        category: deprivationCategory(d?.rankInBorough, d?.wardsRanked),
        label: d ? `IMD rank ${d.rankInBorough} of ${d.wardsRanked} (score ${d.imdScore.toFixed(1)})` : 'no figure',
      });
    }
    return {
      values,
      colours: { ...DEPRIVATION_COLOURS },
      legend: 'Deprivation: fifths of the borough by IMD rank (darkest: most deprived)',
    };
  }
  for (const [code, results] of state.indicators) {
    const result = results.find((r) => indicatorKey(r) === state.colourBy);
    if (!result) continue;
    const value = result.latest?.value;
    values.set(code, {
      category: value == null ? 'NO_VALUE' : result.comparedToBorough,
      label:
        value == null ? 'no figure' : `${value} (${result.latest?.period}); ${result.comparedToBorough.toLowerCase()} than the borough`,
    });
  }
  return { values, colours: { ...COMPARISON_COLOURS }, legend: 'Compared with the borough: better, similar, worse (or higher / lower)' };
}

function drawMap(): void {
  const { values, colours, legend } = colourValues();
  const names = new Map(state.wards.map((w) => [w.code, w.name]));
  drawHexMap($('ward-map') as unknown as SVGSVGElement, values, colours, names);
  const key = $('map-legend');
  key.replaceChildren(
    ...Object.entries(colours).map(([category, colour]) => {
      const swatch = document.createElement('i');
      swatch.style.background = colour;
      const item = el('span', 'legend-item', category.replaceAll('_', ' ').toLowerCase());
      item.prepend(swatch);
      return item;
    }),
  );
  $('map-caption').textContent = `${legend}. ${LAYOUT_NOTE}`;
}

function fillPicker(): void {
  const picker = $('colour-by') as HTMLSelectElement;
  const seen = new Map<string, string>();
  for (const results of state.indicators.values()) {
    for (const r of results) seen.set(indicatorKey(r), r.sex === 'Persons' ? r.indicator.name : `${r.indicator.name} (${r.sex})`);
  }
  const options = [[DEPRIVATION, 'Deprivation (Indices of Deprivation)'], ...[...seen].sort((a, b) => a[1].localeCompare(b[1]))];
  picker.replaceChildren(
    ...options.map(([value, label]) => {
      const option = document.createElement('option');
      option.value = value;
      option.textContent = label;
      return option;
    }),
  );
  picker.value = seen.has(state.colourBy) ? state.colourBy : DEPRIVATION;
  state.colourBy = picker.value;
}

async function loadFigures(session: HubSession): Promise<void> {
  const [cards, comparisons, localities, trend, spend] = await Promise.all([
    query(session, WardCardsDocument),
    query(session, IndicatorComparisonsDocument, {}),
    query(session, LocalitySummaryDocument),
    query(session, CrimeTrendDocument, {}),
    query(session, TargetingDocument, {}),
  ]);
  state.wards = cards.localities.flatMap((l) => l.wards);
  state.indicators = new Map(comparisons.localities.flatMap((l) => l.wards).map((w) => [w.code, w.indicators]));
  fillPicker();
  drawMap();

  $('localities').replaceChildren(
    ...localities.localities.map((l) => {
      const tile = document.createElement('article');
      tile.className = 'locality-tile';
      tile.dataset.locality = l.name;
      const rate = l.crime.ratePer1000 == null ? 'n/a' : l.crime.ratePer1000.toFixed(1);
      tile.append(
        el('h3', 'name', l.name),
        el('p', 'wards', `${l.wards.length} wards`),
        el('p', 'crime', `${l.crime.total.toLocaleString('en-GB')} crimes ${l.crime.from} to ${l.crime.to}: ${rate} per 1,000 residents`),
      );
      return tile;
    }),
  );
  $('crime-trend').replaceChildren(crimeByMonth(trend.borough.crime));
  $('crime-categories').replaceChildren(crimeByCategory(trend.borough.crime));
  $('targeting').replaceChildren(targeting(spend.targeting));
  $('updated').textContent = `Figures as of ${new Date().toLocaleTimeString('en-GB')}`;
}

function logLive(kind: string, text: string): void {
  const item = document.createElement('li');
  item.className = `live-${kind}`;
  item.textContent = `${new Date().toLocaleTimeString('en-GB')} ${text}`;
  $('live-log').prepend(item);
}

async function goLive(session: HubSession): Promise<void> {
  const client = liveClient(session);
  const { dataRefreshedCursor } = await query(session, DataCursorDocument);
  subscribe(
    client,
    DataRefreshedLiveDocument,
    { since: dataRefreshedCursor },
    ({ dataRefreshed }) => {
      const sources = dataRefreshed.sources.map((s) => s.title).join('; ');
      logLive('data', `New data: ${dataRefreshed.kinds.join(', ')} (${sources}), ${dataRefreshed.wards.length} wards`);
      void loadFigures(session).catch((err: unknown) => {
        status(err instanceof Error ? err.message : String(err), true);
      });
    },
    (message) => {
      logLive('error', message);
    },
  );
  // A member sees their own groups' updates; a service account has no groups.
  const { me } = await query(session, MeDocument);
  const localities = [...new Set(me.memberships.map((m) => m.group.locality.name))];
  $('live-who').textContent = localities.length
    ? `${me.name}: data loads, and live updates of your groups in ${localities.join(', ')}`
    : `${me.name}: data loads (sign in as a tasking group member to see your groups' updates)`;
  for (const locality of localities) {
    subscribe(
      client,
      GroupUpdatesDocument,
      { locality },
      ({ taskingGroupUpdates: u }) => {
        logLive(
          'group',
          `${u.group.name}: ${u.type.replaceAll('_', ' ').toLowerCase()}${u.case ? ` ${u.case.reference} ${u.case.title}` : ''}`,
        );
      },
      (message) => {
        logLive('error', message);
      },
    );
  }
}

async function start(token: string): Promise<void> {
  const endpoint = document.body.dataset.endpoint ?? '/graphql';
  const session: HubSession = { endpoint: new URL(endpoint, window.location.href).href, token };
  status('Loading…');
  try {
    await loadFigures(session);
    await goLive(session);
    sessionStorage.setItem(TOKEN_KEY, token);
    $('sign-in').hidden = true;
    status('');
  } catch (err) {
    const signInAgain = err instanceof HubRequestError && err.code === 'UNAUTHENTICATED';
    if (signInAgain) sessionStorage.removeItem(TOKEN_KEY);
    $('sign-in').hidden = !signInAgain;
    status(err instanceof Error ? err.message : String(err), true);
  }
}

function main(): void {
  $('colour-by').addEventListener('change', (event) => {
    state.colourBy = (event.target as HTMLSelectElement).value;
    drawMap();
  });
  $('sign-in').addEventListener('submit', (event) => {
    event.preventDefault();
    const token = ($('token') as HTMLInputElement).value.trim().replace(/^Bearer\s+/i, '');
    if (token) void start(token);
  });
  const token = sessionStorage.getItem(TOKEN_KEY) ?? document.body.dataset.token;
  if (token) void start(token);
  else status('Sign in with an API key or a token to see the figures.');
}

main();
