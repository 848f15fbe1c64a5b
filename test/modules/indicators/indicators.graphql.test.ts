import { WardIndicatorsDocument } from '../../generated/graphql';
import { wilsonInterval } from '../../../src/modules/indicators/statistics';
import { useTestApp } from '../../support/app';

const hub = useTestApp();

beforeAll(async () => {
  const conn = hub.app.orm.em.getConnection();
  const [source] = await conn.execute<{ id: number }[]>(
    `insert into data_source (key, kind, title, publisher, licence, period, illustrative, file_name)
     values ('fingertips:test', 'indicators', 'Test indicators', 'OHID', 'OGL', 'test', true, 'test.csv') returning id`,
  );
  await conn.execute(
    `insert into indicator (id, name, aim, polarity, value_type, multiplier, unit)
     values (90001, 'School readiness (test)', 'BEST_START_IN_LIFE', 'HIGH_IS_GOOD', 'PROPORTION', 100, '%'),
            (90002, 'Smoking prevalence (test)', 'LIVE_WELL_FOR_LONGER', 'LOW_IS_GOOD', 'PROPORTION', 100, '%')`,
  );
  const value = (
    area: string,
    type: string,
    parent: string | null,
    period: string,
    sortable: number,
    v: number | null,
    count: number | null,
    den: number | null,
    ci: [number, number] | null = null,
    indicator = 90001,
  ) =>
    conn.execute(
      `insert into indicator_value (source_id, indicator_id, area_code, area_name, area_type, parent_code, sex, age, category_type, category,
                                    period, period_sortable, value, lower95, upper95, count, denominator, recent_trend)
       values (?, ?, ?, ?, ?, ?, 'Persons', '', '', '', ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        source.id,
        indicator,
        area,
        area,
        type,
        parent,
        period,
        sortable,
        v,
        ci?.[0] ?? null,
        ci?.[1] ?? null,
        count,
        den,
        type === 'Ward' ? 'No significant change' : null,
      ],
    );
  await value('E05013010', 'Ward', 'E08000018', '2021/22', 20210000, 28, 28, 100);
  await value('E05013010', 'Ward', 'E08000018', '2022/23', 20220000, 30, 30, 100);
  await value('E05012996', 'Ward', 'E08000018', '2022/23', 20220000, 50, 50, 100, [40.4, 59.6]);
  await value('E05013001', 'Ward', 'E08000018', '2022/23', 20220000, 70, 70, 100, [60.4, 78.1]);
  await value('E05013017', 'Ward', 'E08000018', '2022/23', 20220000, 10, 10, 100, [5.5, 17.4]);
  await value('E08000018', 'Counties & UAs', 'E12000003', '2022/23', 20220000, 40, 4000, 10000, [39, 41]);
  await value('E92000001', 'England', null, '2022/23', 20220000, 30.5, 300000, 983606, [30.4, 30.6]);
  await value('E05013010', 'Ward', 'E08000018', '2022/23', 20220000, 25, 25, 100, null, 90002);
  await value('E92000001', 'England', null, '2022/23', 20220000, 12.9, 1000, 7752, [12.2, 13.7], 90002);
});

describe('Ward.indicators', () => {
  it('gives the latest value with intervals worked out from count and denominator, the trend, comparisons and rank', async () => {
    const { body } = await hub.gql(WardIndicatorsDocument, { code: 'E05013010', ids: [90001] });
    expect(body.errors).toBeUndefined();
    const [result] = body.data!.ward.indicators;
    const i95 = wilsonInterval(30, 100, 0.95);
    const i998 = wilsonInterval(30, 100, 0.998);
    expect(result.indicator).toEqual({
      id: 90001,
      name: 'School readiness (test)',
      aim: 'BEST_START_IN_LIFE',
      polarity: 'HIGH_IS_GOOD',
      valueType: 'PROPORTION',
      unit: '%',
    });
    expect(result.latest).toMatchObject({
      period: '2022/23',
      value: 30,
      count: 30,
      denominator: 100,
      intervalComputed: true,
      source: { key: 'fingertips:test' },
    });
    expect(result.latest!.lower95).toBeCloseTo(i95.lower, 6);
    expect(result.latest!.upper95).toBeCloseTo(i95.upper, 6);
    expect(result.latest!.lower998).toBeCloseTo(i998.lower, 6);
    expect(result.latest!.upper998).toBeCloseTo(i998.upper, 6);
    expect(result.trend).toEqual([
      { period: '2021/22', value: 28 },
      { period: '2022/23', value: 30 },
    ]);
    // Central's wards with values: Rotherham East 30/100, Boston Castle 50/100, Greasbrough 70/100.
    const central = wilsonInterval(150, 300, 0.95);
    expect(result.locality).toMatchObject({ value: 50, count: 150, denominator: 300, intervalComputed: true, source: null });
    expect(result.locality!.lower95).toBeCloseTo(central.lower, 6);
    expect(result.borough).toEqual({ value: 40 });
    expect(result.england).toEqual({ value: 30.5 });
    // 21.9–39.6 lies below 40 and 50 (worse, since high is good) and spans 30.5 (similar).
    expect(result.comparedToLocality).toBe('WORSE');
    expect(result.comparedToBorough).toBe('WORSE');
    expect(result.comparedToEngland).toBe('SIMILAR');
    expect(result.rankInBorough).toBe(3);
    expect(result.wardsRanked).toBe(4);
    expect(result.recentTrend).toBe('No significant change');
  });

  it("ranks and compares by the indicator's polarity", async () => {
    const { body } = await hub.gql(WardIndicatorsDocument, { code: 'E05013010', aim: 'LIVE_WELL_FOR_LONGER' });
    expect(body.data!.ward.indicators.every((r) => r.indicator.aim === 'LIVE_WELL_FOR_LONGER')).toBe(true);
    const result = body.data!.ward.indicators.find((r) => r.indicator.id === 90002)!;
    // 25% smoking, interval about 17.5–34.4, is above England's 12.9: worse, since low is good.
    expect(result.comparedToEngland).toBe('WORSE');
    expect(result.comparedToBorough).toBe('NOT_COMPARED');
    expect(result.rankInBorough).toBe(1);
  });

  it('answers with no results, not an error, for a ward with no values', async () => {
    const { body } = await hub.gql(WardIndicatorsDocument, { code: 'E05013015', ids: [90001] });
    expect(body.data!.ward.indicators).toEqual([
      expect.objectContaining({ latest: null, trend: [], comparedToEngland: 'NOT_COMPARED', rankInBorough: null, wardsRanked: 0 }),
    ]);
  });
});
