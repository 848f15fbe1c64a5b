import {
  BYAR_MIN_COUNT,
  byarInterval,
  compareToValue,
  exactPoissonInterval,
  rateInterval,
  wilsonInterval,
  zFor,
  type Confidence,
  type Interval,
  type Polarity,
} from '../../../src/modules/indicators/statistics';

/*
 * Where the expected values come from.
 *
 * Every expected value below was worked out independently of the code under test, from the published formulas
 * (OHID "Technical Guide: Confidence Intervals", 2018, and PHEindicatormethods' R source), in double precision with
 * z = qnorm(0.975) = 1.959963984540054 and qnorm(0.999) = 3.090232306167813 (scipy.stats.norm.ppf gives the same
 * doubles). Exact Poisson limits were solved with mpmath at 50 significant digits and agree with
 * scipy.stats.chi2.ppf(p, df) / 2, the same quantile as R's qchisq(p, df) / 2 in phe_rate.
 *
 * Inputs marked "PHEindicatormethods test input" are those of its tests/testthat (testWilson.R uses
 * x = c(65, 1045, 0.445), n = c(100, 5000, 1); testByars.R uses x = c(65, 1045, 1) and 10); their expected values
 * sit in an .xlsx that could not be read, so the figures here are recomputed from the formulas.
 *
 * Values marked "published" are asserted as literals in public ports of the same methods:
 * - DHSC PHStatsMethods (DataS-DHSC/PHStatsMethods, tests for wilson_lower/wilson_upper):
 *   wilson_lower(20, 360, 0.95) = 0.036248204600072345, wilson_lower(550, 2400, 0.998) = 0.20375892211705743,
 *   wilson_upper(30, 400, 0.95) = 0.10504770626130437, wilson_upper(76, 238, 0.998) = 0.418131030603369.
 * - An earlier PHE Python port's tests: wilson(100, 10000) = (0.8229336148148417, 1.2146982255114647) in percent,
 *   byars_lower(100) = 81.36210549052788.
 * - THINKINGGroup/analogy_publication: Byar's for 65 is 50.1632 to 82.8491 (to 4 d.p.).
 * Classic exact Poisson tables give 0.0253 to 5.5716 for 1 event and 1.6235 to 11.6683 for 5 (95%).
 */

const Z95 = 1.959963984540054;
const Z998 = 3.090232306167813;

describe('zFor', () => {
  it('uses the doubles of R qnorm(0.975) and qnorm(0.999), as PHEindicatormethods does', () => {
    expect(zFor(0.95)).toBe(Z95);
    expect(zFor(0.998)).toBe(Z998);
  });

  it('rejects any other confidence level', () => {
    expect(() => zFor(0.9 as unknown as Confidence)).toThrow(RangeError);
    expect(() => zFor(95 as unknown as Confidence)).toThrow(/0\.95 or 0\.998/);
  });
});

describe('wilsonInterval', () => {
  it('gives the Wilson Score interval for 65 of 100 as a percentage (worked by hand)', () => {
    // Wilson: limits = (2x + z² ∓ z·√(z² + 4x(1 − x/n))) / 2 / (n + z²), times 100.
    //   x = 65, n = 100, z = 1.959963984540054, z² = 3.8414588206941254
    //   4x(1 − x/n) = 4 × 65 × 0.35 = 91;  z² + 91 = 94.84145882069413;  √ = 9.738657957885888
    //   z·√ = 19.087418855210732;  2(n + z²) = 207.68291764138826
    //   lower = (130 + 3.8414588206941254 − 19.087418855210732) / 207.68291764138826
    //         = 114.7540399654834 / 207.68291764138826 = 0.5525444329688797  → 55.25444329688797 %
    //   upper = (130 + 3.8414588206941254 + 19.087418855210732) / 207.68291764138826
    //         = 152.92887767590486 / 207.68291764138826 = 0.7363575175690247 → 73.63575175690247 %
    const ci = wilsonInterval(65, 100, 0.95);
    expect(ci.lower).toBeCloseTo(55.25444329688797, 6);
    expect(ci.upper).toBeCloseTo(73.63575175690247, 6);
  });

  it('widens at 99.8% (z = 3.090232306167813)', () => {
    const ci = wilsonInterval(65, 100, 0.998);
    expect(ci.lower).toBeCloseTo(49.54946574070448, 6);
    expect(ci.upper).toBeCloseTo(77.83540614089685, 6);
  });

  it.each<[Confidence, number]>([
    [0.95, 3.699349820698568],
    [0.998, 8.717093727995561],
  ])('gives 0 to z²/(n + z²) for 0 of 100 at %s', (confidence, upper) => {
    // At x = 0 the lower limit is (z² − z·√z²) / 2 / (n + z²) = 0 and the upper z² / (n + z²):
    // 3.8414588206941254 / 103.84145882069413 = 0.03699349820698568 → 3.699349820698568 %.
    const ci = wilsonInterval(0, 100, confidence);
    expect(ci.lower).toBeCloseTo(0, 6);
    expect(ci.lower).toBeGreaterThanOrEqual(0);
    expect(ci.upper).toBeCloseTo(upper, 6);
  });

  it.each<[Confidence, number]>([
    [0.95, 96.30065017930143],
    [0.998, 91.28290627200442],
  ])('gives n/(n + z²) to 100%% for 100 of 100 at %s', (confidence, lower) => {
    const ci = wilsonInterval(100, 100, confidence);
    expect(ci.lower).toBeCloseTo(lower, 6);
    expect(ci.upper).toBeCloseTo(100, 6);
    expect(ci.upper).toBeLessThanOrEqual(100);
  });

  it.each<[Confidence, number, number]>([
    [0.95, 4.204546503537014, 4.275634458384139],
    [0.998, 4.184260102707736, 4.29634400200177],
  ])('handles a large denominator, 52,345 of 1,234,567, at %s', (confidence, lower, upper) => {
    const ci = wilsonInterval(52_345, 1_234_567, confidence);
    expect(ci.lower).toBeCloseTo(lower, 6);
    expect(ci.upper).toBeCloseTo(upper, 6);
  });

  it.each<[number, number, Confidence, number, number, number]>([
    // PHEindicatormethods test inputs (testWilson.R)
    [1045, 5000, 0.95, 100, 19.795549880013297, 22.049130373189026],
    [1045, 5000, 0.998, 100, 19.179381799015257, 22.731562902525795],
    [0.445, 1, 0.95, 1, 0.04381744772058821, 0.9334621276979156],
    [0.445, 1, 0.998, 1, 0.019347006132901353, 0.9702259947019535],
    // per 1,000
    [65, 100, 0.95, 1000, 552.5444329688796, 736.3575175690247],
    [65, 100, 0.998, 1000, 495.4946574070447, 778.3540614089685],
  ])('gives %s of %s at %s with multiplier %s', (count, denominator, confidence, multiplier, lower, upper) => {
    const ci = wilsonInterval(count, denominator, confidence, multiplier);
    expect(ci.lower).toBeCloseTo(lower, 6);
    expect(ci.upper).toBeCloseTo(upper, 6);
  });

  it('matches values published in the DHSC PHStatsMethods and PHE Python ports', () => {
    expect(wilsonInterval(20, 360, 0.95, 1).lower).toBeCloseTo(0.036248204600072345, 6);
    expect(wilsonInterval(550, 2400, 0.998, 1).lower).toBeCloseTo(0.20375892211705743, 6);
    expect(wilsonInterval(30, 400, 0.95, 1).upper).toBeCloseTo(0.10504770626130437, 6);
    expect(wilsonInterval(76, 238, 0.998, 1).upper).toBeCloseTo(0.418131030603369, 6);
    const percent = wilsonInterval(100, 10_000, 0.95);
    expect(percent.lower).toBeCloseTo(0.8229336148148417, 6);
    expect(percent.upper).toBeCloseTo(1.2146982255114647, 6);
  });

  it('defaults to a percentage', () => {
    expect(wilsonInterval(65, 100, 0.95)).toEqual(wilsonInterval(65, 100, 0.95, 100));
  });

  it.each<[string, number, number, RegExp]>([
    ['a negative count', -1, 100, /count of zero or more/],
    ['a zero denominator', 0, 0, /denominator greater than zero/],
    ['a negative denominator', 5, -100, /denominator greater than zero/],
    ['a count above the denominator', 101, 100, /count <= denominator/],
    ['a count that is not a number', Number.NaN, 100, /count of zero or more/],
    ['an infinite denominator', 5, Number.POSITIVE_INFINITY, /denominator greater than zero/],
  ])('throws a RangeError for %s', (_label, count, denominator, message) => {
    expect(() => wilsonInterval(count, denominator, 0.95)).toThrow(RangeError);
    expect(() => wilsonInterval(count, denominator, 0.95)).toThrow(message);
  });

  it('throws a RangeError for a multiplier of zero or an unsupported confidence level', () => {
    expect(() => wilsonInterval(5, 10, 0.95, 0)).toThrow(RangeError);
    expect(() => wilsonInterval(5, 10, 0.99 as unknown as Confidence)).toThrow(RangeError);
  });
});

describe('byarInterval', () => {
  it("gives Byar's interval for a count of 20 (worked by hand)", () => {
    // Byar's: lower = O(1 − 1/(9O) − z/(3√O))³, upper = (O+1)(1 − 1/(9(O+1)) + z/(3√(O+1)))³, z = 1.959963984540054
    //   O = 20:  1/180 = 0.005555555555555556;  3√20 = 13.416407864998739;  z/(3√20) = 0.1460870900960969
    //            1 − 0.005555555555555556 − 0.1460870900960969 = 0.8483573543483476
    //            0.8483573543483476³ = 0.6105714417437967;  × 20 = 12.211428834875935
    //   O+1 = 21: 1/189 = 0.005291005291005291;  3√21 = 13.74772708486752;  z/(3√21) = 0.14256640188161993
    //            1 − 0.005291005291005291 + 0.14256640188161993 = 1.1372753965906146
    //            1.1372753965906146³ = 1.470946684247479;   × 21 = 30.88988036919706
    const ci = byarInterval(20, 0.95);
    expect(ci.lower).toBeCloseTo(12.211428834875935, 6);
    expect(ci.upper).toBeCloseTo(30.88988036919706, 6);
  });

  it.each<[number, Confidence, number, number]>([
    [20, 0.998, 8.922802365144193, 38.08503562504191],
    // PHEindicatormethods test inputs (testByars.R) and its byars_lower(65) example
    [65, 0.95, 50.16318771045943, 82.84913854593984],
    [65, 0.998, 42.8802614714802, 94.000290844318],
    [1045, 0.95, 982.5932018073325, 1110.33121298565],
    [1045, 0.998, 947.9407035610374, 1148.806160988033],
    [100, 0.95, 81.36210549052788, 121.6279375792065],
    [100, 0.998, 71.90369187259837, 134.94362176226318],
  ])("gives Byar's interval for %s at %s", (count, confidence, lower, upper) => {
    const ci = byarInterval(count, confidence);
    expect(ci.lower).toBeCloseTo(lower, 6);
    expect(ci.upper).toBeCloseTo(upper, 6);
  });

  it('matches values published in other ports for 65 and 100', () => {
    const ci65 = byarInterval(65, 0.95);
    expect(ci65.lower).toBeCloseTo(50.1632, 4);
    expect(ci65.upper).toBeCloseTo(82.8491, 4);
    expect(byarInterval(100, 0.95).lower).toBeCloseTo(81.36210549052788, 6);
  });

  it.each<[Confidence, number, number]>([
    [0.95, 4.787449913967563, 18.391458605756473],
    [0.998, 2.916318374695686, 24.19372492788055],
  ])("uses Byar's from a count of 10 upward (phe_rate's x < 10 rule), at %s", (confidence, lower, upper) => {
    expect(BYAR_MIN_COUNT).toBe(10);
    const ci = byarInterval(10, confidence);
    expect(ci.lower).toBeCloseTo(lower, 6);
    expect(ci.upper).toBeCloseTo(upper, 6);
    // and not the exact limits, which differ in the third decimal place
    expect(ci.lower).not.toBeCloseTo(exactPoissonInterval(10, confidence).lower, 3);
  });

  it.each<[Confidence, number]>([
    [0.95, 3.6888794541139363],
    [0.998, 6.907755278982137],
  ])('gives 0 to −ln(α/2) for a count of 0 at %s (exact method)', (confidence, upper) => {
    // O = 0: lower is χ²(α/2; 0)/2 = 0. Upper is χ²(1 − α/2; 2)/2; χ² on 2 d.f. is exponential with mean 2, so its
    // p-quantile is −2 ln(1 − p) and the limit is −ln(α/2): −ln(0.025) = 3.6888794541139363, −ln(0.001) = 6.907755278982137.
    // (Byar's own lower limit is undefined at 0: 1/(9O) divides by zero.)
    const ci = byarInterval(0, confidence);
    expect(ci.lower).toBe(0);
    expect(ci.upper).toBeCloseTo(upper, 6);
  });

  it('uses the exact method for a count of 1 (worked by hand)', () => {
    // O = 1: lower = χ²(0.025; 2)/2 = −ln(1 − 0.025) = −ln(0.975) = 0.025317807984289897.
    // upper = χ²(0.975; 4)/2, the μ with P(X ≤ 1 | μ) = e^(−μ)(1 + μ) = 0.025: μ = 5.571643390938897
    // (check: e^(−5.571643390938897) × 6.571643390938897 = 0.0038042 × 6.5716434 = 0.0250000).
    // Classic tables: 0.0253 to 5.5716. Byar's would give 0.013072 to 5.563756 here.
    const ci = byarInterval(1, 0.95);
    expect(ci.lower).toBeCloseTo(0.025317807984289897, 6);
    expect(ci.upper).toBeCloseTo(5.571643390938897, 6);
  });

  it("uses the exact method at 99.8% for a count of 1, where Byar's lower limit would be negative", () => {
    // Byar's: 1 × (1 − 1/9 − 3.090232306167813/3)³ = (−0.1411885)³ < 0; PHEindicatormethods would give NA.
    const ci = byarInterval(1, 0.998);
    expect(ci.lower).toBeCloseTo(0.0010005003335835344, 6); // −ln(0.999)
    expect(ci.upper).toBeCloseTo(9.233413476451585, 6);
  });

  it.each<[number, Confidence, number, number]>([
    [5, 0.95, 1.6234863901184209, 11.668332079322669],
    [5, 0.998, 0.7393717319178327, 16.454745203680105],
    [9, 0.95, 4.115373097378333, 17.08480345141917],
    [9, 0.998, 2.452424404363775, 22.65737330906293],
    [2.5, 0.95, 0.41560580674333136, 8.006382137314661],
    [2.5, 0.998, 0.10510630131460962, 12.160943173928427],
  ])('uses the exact method for a small count, %s at %s', (count, confidence, lower, upper) => {
    const ci = byarInterval(count, confidence);
    expect(ci.lower).toBeCloseTo(lower, 6);
    expect(ci.upper).toBeCloseTo(upper, 6);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('throws a RangeError for a count of %s', (count) => {
    expect(() => byarInterval(count, 0.95)).toThrow(RangeError);
    expect(() => byarInterval(count, 0.95)).toThrow(/count of zero or more/);
  });
});

describe('exactPoissonInterval', () => {
  it.each<[number, Confidence, number, number]>([
    [10, 0.95, 4.795388696132434, 18.39035604201778],
    [10, 0.998, 2.96052037274376, 24.133971145417586],
    [20, 0.95, 12.216519585403946, 30.8883779026746],
    [20, 0.998, 8.958213267626014, 38.04188135385002],
  ])('gives χ²(α/2; 2O)/2 to χ²(1 − α/2; 2O + 2)/2 for %s at %s', (count, confidence, lower, upper) => {
    const ci = exactPoissonInterval(count, confidence);
    expect(ci.lower).toBeCloseTo(lower, 6);
    expect(ci.upper).toBeCloseTo(upper, 6);
  });

  it.each([10, 11, 20, 50, 389])("agrees with Byar's within 0.2%% at 95%% for %s, as the Technical Guide says", (count) => {
    const exact = exactPoissonInterval(count, 0.95);
    const byar = byarInterval(count, 0.95);
    expect(Math.abs(byar.lower - exact.lower) / exact.lower).toBeLessThan(0.002);
    expect(Math.abs(byar.upper - exact.upper) / exact.upper).toBeLessThan(0.002);
  });

  it('throws a RangeError for a negative count or an unsupported confidence level', () => {
    expect(() => exactPoissonInterval(-0.5, 0.95)).toThrow(RangeError);
    expect(() => exactPoissonInterval(3, 0.5 as unknown as Confidence)).toThrow(RangeError);
  });
});

describe('rateInterval', () => {
  it('scales the count interval by multiplier / denominator, per 100,000 by default', () => {
    // 20 events in 150,000: rate 13.333 per 100,000; Byar's 12.211428834875935 to 30.88988036919706 events,
    // × 100,000 / 150,000 = 8.140952556583956 to 20.593253579464704.
    const ci = rateInterval(20, 150_000, 0.95);
    expect(ci.lower).toBeCloseTo(8.140952556583956, 6);
    expect(ci.upper).toBeCloseTo(20.593253579464704, 6);
    expect(rateInterval(20, 150_000, 0.998)).toEqual({
      lower: expect.closeTo(5.948534910096129, 6),
      upper: expect.closeTo(25.390023750027943, 6),
    });
  });

  it.each<[number, number, Confidence, number, number, number]>([
    [65, 100_000, 0.95, 100_000, 50.16318771045943, 82.84913854593984],
    [65, 100_000, 0.998, 100_000, 42.8802614714802, 94.000290844318],
    // small counts use the exact method
    [3, 25_000, 0.95, 100_000, 2.474688491582406, 35.0690922789693],
    [3, 25_000, 0.998, 100_000, 0.762133510273613, 52.24896311675228],
    [0, 12_345, 0.95, 100_000, 0, 29.881567064511422],
    [0, 12_345, 0.998, 100_000, 0, 55.955895333998676],
    // PHEindicatormethods phe_rate example inputs (obs 9 and 82 on a population of 100)
    [9, 100, 0.95, 100_000, 4115.373097378333, 17084.80345141917],
    [9, 100, 0.998, 100_000, 2452.424404363775, 22657.373309062932],
    [82, 100, 0.95, 100_000, 65214.911658096695, 101784.83940118895],
    [82, 100, 0.998, 100_000, 56817.82499510668, 114044.02890448153],
    // per 1,000, and a count above its denominator (a rate, not a proportion)
    [1045, 5000, 0.95, 1000, 196.5186403614665, 222.06624259712999],
    [1045, 5000, 0.998, 1000, 189.58814071220746, 229.7612321976066],
    [250, 100, 0.95, 100, 219.96688424772327, 282.98851872402724],
    [250, 100, 0.998, 100, 203.962012197657, 302.8327229872441],
  ])('gives %s in %s at %s per %s', (count, denominator, confidence, multiplier, lower, upper) => {
    const ci = rateInterval(count, denominator, confidence, multiplier);
    expect(ci.lower).toBeCloseTo(lower, 6);
    expect(ci.upper).toBeCloseTo(upper, 6);
  });

  it.each<[string, number, number, RegExp]>([
    ['a negative count', -3, 1000, /count of zero or more/],
    ['a zero denominator', 3, 0, /denominator greater than zero/],
    ['a negative denominator', 3, -1000, /denominator greater than zero/],
    ['a denominator that is not a number', 3, Number.NaN, /denominator greater than zero/],
  ])('throws a RangeError for %s', (_label, count, denominator, message) => {
    expect(() => rateInterval(count, denominator, 0.95)).toThrow(RangeError);
    expect(() => rateInterval(count, denominator, 0.95)).toThrow(message);
  });

  it('throws a RangeError for a negative multiplier', () => {
    expect(() => rateInterval(3, 1000, 0.95, -100)).toThrow(RangeError);
  });
});

describe('compareToValue', () => {
  const above: Interval = { lower: 3.2, upper: 3.5 };
  const below: Interval = { lower: 2.2, upper: 2.8 };
  const around: Interval = { lower: 2.7, upper: 3.1 };
  const england = 3.0;

  it.each<[Polarity, Interval, string]>([
    ['HIGH_IS_GOOD', above, 'BETTER'],
    ['HIGH_IS_GOOD', below, 'WORSE'],
    ['HIGH_IS_GOOD', around, 'SIMILAR'],
    ['LOW_IS_GOOD', above, 'WORSE'],
    ['LOW_IS_GOOD', below, 'BETTER'],
    ['LOW_IS_GOOD', around, 'SIMILAR'],
    ['NONE', above, 'HIGHER'],
    ['NONE', below, 'LOWER'],
    ['NONE', around, 'SIMILAR'],
  ])('with %s, %j against 3.0 is %s (Fingertips SingleOverlappingCIsComparatorTest cases)', (polarity, ci, expected) => {
    expect(compareToValue(ci, england, polarity)).toBe(expected);
  });

  it.each<Polarity>(['HIGH_IS_GOOD', 'LOW_IS_GOOD', 'NONE'])(
    'with %s treats a comparator equal to either limit as SIMILAR (Fingertips: lower <= value <= upper)',
    (polarity) => {
      expect(compareToValue({ lower: 3.0, upper: 3.4 }, 3.0, polarity)).toBe('SIMILAR');
      expect(compareToValue({ lower: 2.6, upper: 3.0 }, 3.0, polarity)).toBe('SIMILAR');
      expect(compareToValue({ lower: 10, upper: 12 }, 11, polarity)).toBe('SIMILAR');
      expect(compareToValue({ lower: 5, upper: 5 }, 5, polarity)).toBe('SIMILAR');
    },
  );

  it('is decided just past either limit', () => {
    expect(compareToValue({ lower: 3.0000001, upper: 3.4 }, 3.0, 'HIGH_IS_GOOD')).toBe('BETTER');
    expect(compareToValue({ lower: 2.6, upper: 2.9999999 }, 3.0, 'HIGH_IS_GOOD')).toBe('WORSE');
  });

  it.each<[string, Interval | null | undefined, number | null | undefined]>([
    ['no interval (null)', null, 3.0],
    ['no interval (undefined)', undefined, 3.0],
    ['no comparator (null)', above, null],
    ['no comparator (undefined)', above, undefined],
    ['a comparator that is not a number', above, Number.NaN],
    ['an infinite comparator', above, Number.POSITIVE_INFINITY],
    ['a missing lower limit', { lower: Number.NaN, upper: 4.1 }, 3.0],
    ['a missing upper limit', { lower: 4.0, upper: Number.NaN }, 3.0],
    ['an infinite upper limit', { lower: 4.0, upper: Number.POSITIVE_INFINITY }, 3.0],
    ['an inverted interval', { lower: 3.5, upper: 3.2 }, 3.0],
  ])('is NOT_COMPARED with %s', (_label, ci, comparator) => {
    for (const polarity of ['HIGH_IS_GOOD', 'LOW_IS_GOOD', 'NONE'] as const) {
      expect(compareToValue(ci, comparator, polarity)).toBe('NOT_COMPARED');
    }
  });

  it('can differ between the 95% and 99.8% intervals of the same value', () => {
    // 65 of 100 against a comparator of 52%: the 95% interval (55.25–73.64) lies above it, the 99.8% (49.55–77.84) does not.
    expect(compareToValue(wilsonInterval(65, 100, 0.95), 52, 'HIGH_IS_GOOD')).toBe('BETTER');
    expect(compareToValue(wilsonInterval(65, 100, 0.998), 52, 'HIGH_IS_GOOD')).toBe('SIMILAR');
    expect(compareToValue(wilsonInterval(65, 100, 0.95), 52, 'LOW_IS_GOOD')).toBe('WORSE');
    expect(compareToValue(wilsonInterval(65, 100, 0.95), 52, 'NONE')).toBe('HIGHER');
    // A rate of 20 in 150,000 (8.14–20.59 per 100,000) against England's 25 per 100,000.
    expect(compareToValue(rateInterval(20, 150_000, 0.95), 25, 'LOW_IS_GOOD')).toBe('BETTER');
    expect(compareToValue(rateInterval(20, 150_000, 0.998), 25, 'LOW_IS_GOOD')).toBe('SIMILAR');
  });

  it('rejects an unknown polarity', () => {
    expect(() => compareToValue(above, england, 'UP' as unknown as Polarity)).toThrow(RangeError);
  });
});
