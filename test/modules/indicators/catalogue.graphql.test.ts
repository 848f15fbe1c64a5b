import { IndicatorCatalogueDocument } from '../../generated/graphql';
import { useTestApp } from '../../support/app';

const hub = useTestApp();

describe('indicators', () => {
  it('lists every indicator the hub holds, by aim then name, with its latest period, wards covered and source', async () => {
    const { body } = await hub.gql(IndicatorCatalogueDocument, {});
    expect(body.errors).toBeUndefined();
    const listed = body.data!.indicators;
    const held = await hub.ownerSql<{ id: number; name: string; unit: string; polarity: string; aim: string | null }>(
      'select id, name, unit, polarity, aim from indicator order by aim, name, id',
    );
    expect(held.length).toBe(24);
    expect(listed.map((i) => i.id)).toEqual(held.map((i) => i.id));

    // The latest period of each, and the wards with a value then, counted here.
    const latest = await hub.ownerSql<{ indicator_id: number; period: string; wards: number; source_key: string }>(
      `select v.indicator_id, v.period,
              count(distinct v.area_code) filter (where v.value is not null and v.area_code in (select code from ward))::int as wards,
              (select key from data_source where id = max(v.source_id)) as source_key
         from indicator_value v
        where v.category_type = ''
          and v.period_sortable = (select max(period_sortable) from indicator_value m
                                    where m.indicator_id = v.indicator_id and m.category_type = '')
        group by 1, 2`,
    );
    for (const indicator of listed) {
      const h = held.find((x) => x.id === indicator.id)!;
      expect(indicator).toMatchObject({ name: h.name, unit: h.unit, polarity: h.polarity, aims: h.aim ? [h.aim] : [] });
      const l = latest.find((x) => x.indicator_id === indicator.id);
      expect(indicator.latestPeriod).toBe(l?.period ?? null);
      expect(indicator.wardsCovered).toBe(l?.wards ?? 0);
      expect(indicator.source?.key ?? null).toBe(l?.source_key ?? null);
    }
    expect(listed.filter((i) => i.wardsCovered === 25).length).toBeGreaterThan(0);
    expect(listed.every((i) => i.source?.kind === 'indicators')).toBe(true);
  });

  it('narrows to one aim', async () => {
    const { body } = await hub.gql(IndicatorCatalogueDocument, { aim: 'BEST_START_IN_LIFE' });
    expect(body.errors).toBeUndefined();
    const [{ n }] = await hub.ownerSql<{ n: number }>(`select count(*)::int as n from indicator where aim = 'BEST_START_IN_LIFE'`);
    expect(n).toBeGreaterThan(0);
    expect(body.data!.indicators).toHaveLength(n);
    expect(body.data!.indicators.every((i) => i.aims.length === 1 && i.aims[0] === 'BEST_START_IN_LIFE')).toBe(true);
  });

  it('answers an indicator with no values loaded with no period, no wards and no source', async () => {
    await hub.ownerSql(
      `insert into indicator (id, name, aim, polarity, value_type, multiplier, unit)
       values (90009, 'Not yet loaded (test)', null, 'NONE', 'COUNT', 1, 'count')`,
    );
    const { body } = await hub.gql(IndicatorCatalogueDocument, {});
    expect(body.data!.indicators.find((i) => i.id === 90009)).toMatchObject({
      latestPeriod: null,
      wardsCovered: 0,
      source: null,
      aims: [],
      aim: null,
    });
  });

  it('is refused to a caller who is not signed in', async () => {
    const { body } = await hub.gql(IndicatorCatalogueDocument, {}, { authorization: '' });
    expect(body.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
