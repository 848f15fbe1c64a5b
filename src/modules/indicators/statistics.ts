/**
 * The confidence intervals and benchmark comparison OHID uses for Fingertips indicators, as pure functions.
 *
 * Sources followed:
 * - OHID (formerly PHE) Public Health Data Science, "Technical Guide: Confidence Intervals", version of 25 May 2018
 *   (Appendix 1 Byar's method, Appendix 2 χ² exact method, Appendix 3 Wilson Score method).
 * - The reference R implementation, PHEindicatormethods (github.com/ukhsa-collaboration/PHEindicatormethods):
 *   `wilson_lower`/`wilson_upper` and `byars_lower`/`byars_upper` (R/utils.R), `phe_proportion` (R/Proportions.R)
 *   and `phe_rate` (R/Rates.R), which uses the exact method for numerators below 10 and Byar's from 10 up.
 * - Fingertips' own comparer (github.com/ukhsa-collaboration/fingertips-open, PholioVisualisation.Analysis
 *   `SingleOverlappingCIsComparer` and `IndicatorComparer.AdjustForPolarity`) for Better/Similar/Worse.
 */

/** The two confidence levels Fingertips publishes: 95% and 99.8%. */
export type Confidence = 0.95 | 0.998;

/** A confidence interval, in the same units as the value it surrounds. */
export interface Interval {
  lower: number;
  upper: number;
}

/** Numerators below this use the exact Poisson method rather than Byar's (PHEindicatormethods::phe_rate). */
export const BYAR_MIN_COUNT = 10;

/**
 * The two-sided standard normal critical value for a confidence level: `qnorm(confidence + (1 - confidence) / 2)`,
 * exactly as PHEindicatormethods computes z. The values are R's doubles for qnorm(0.975) and qnorm(0.999).
 *
 * Source: OHID Technical Guide: Confidence Intervals; PHEindicatormethods::wilson_lower, ::byars_lower.
 */
export function zFor(confidence: Confidence): number {
  switch (confidence) {
    case 0.95:
      return 1.959963984540054;
    case 0.998:
      return 3.090232306167813;
    default:
      throw new RangeError(`Unsupported confidence level ${String(confidence)}: use 0.95 or 0.998`);
  }
}

/**
 * Wilson Score interval for a proportion count/denominator, scaled by `multiplier` (100 for a percentage, 1 for a
 * proportion, 1000 for per 1,000). Limits are `(2x + z² ∓ z·√(z² + 4x(1 − x/n))) / 2 / (n + z²)`, then multiplied,
 * as phe_proportion does; the proportion is clamped to [0, 1] only to absorb floating-point residue at 0 of n and
 * n of n. The count may be fractional (PHEindicatormethods accepts that too).
 *
 * Source: OHID Technical Guide: Confidence Intervals, Appendix 3 (Wilson 1927; Newcombe & Altman 2000);
 * PHEindicatormethods::wilson_lower, ::wilson_upper, ::phe_proportion.
 *
 * @throws RangeError when count < 0, denominator <= 0, count > denominator or either is not a finite number.
 */
export function wilsonInterval(count: number, denominator: number, confidence: Confidence, multiplier = 100): Interval {
  if (!Number.isFinite(count) || count < 0) {
    throw new RangeError(`Wilson interval needs a count of zero or more, got ${count}`);
  }
  if (!Number.isFinite(denominator) || denominator <= 0) {
    throw new RangeError(`Wilson interval needs a denominator greater than zero, got ${denominator}`);
  }
  if (count > denominator) {
    throw new RangeError(`Wilson interval needs count <= denominator, got ${count} of ${denominator}`);
  }
  checkMultiplier(multiplier);
  const z = zFor(confidence);
  const z2 = z * z;
  const spread = z * Math.sqrt(z2 + 4 * count * (1 - count / denominator));
  const scale = 2 * (denominator + z2);
  const lower = (2 * count + z2 - spread) / scale;
  const upper = (2 * count + z2 + spread) / scale;
  return { lower: clamp01(lower) * multiplier, upper: clamp01(upper) * multiplier };
}

/**
 * Confidence interval for a Poisson count as PHE indicators compute it. For counts of 10 or more, Byar's
 * approximation: lower `O(1 − 1/(9O) − z/(3√O))³`, upper `(O+1)(1 − 1/(9(O+1)) + z/(3√(O+1)))³`. Below 10, where
 * Byar's is inaccurate (and its lower limit undefined at 0 and negative for 1 at 99.8%), the exact method from the
 * χ² distribution: lower `χ²(α/2; 2O)/2` (0 when O = 0), upper `χ²(1 − α/2; 2O + 2)/2`, computed here as gamma
 * quantiles with shapes O and O + 1.
 *
 * Source: OHID Technical Guide: Confidence Intervals, Appendices 1 and 2 (Breslow & Day 1987; Armitage & Berry
 * 2002); PHEindicatormethods::byars_lower, ::byars_upper, and the `x < 10` exact branch of ::phe_rate.
 *
 * @throws RangeError when count is negative or not a finite number.
 */
export function byarInterval(count: number, confidence: Confidence): Interval {
  checkCount(count);
  if (count < BYAR_MIN_COUNT) return exactPoissonInterval(count, confidence);
  const z = zFor(confidence);
  const o1 = count + 1;
  return {
    lower: count * (1 - 1 / (9 * count) - z / (3 * Math.sqrt(count))) ** 3,
    upper: o1 * (1 - 1 / (9 * o1) + z / (3 * Math.sqrt(o1))) ** 3,
  };
}

/**
 * Exact confidence interval for a Poisson count from the χ² distribution: lower `χ²(α/2; 2O)/2`, which is 0 when
 * O = 0, and upper `χ²(1 − α/2; 2O + 2)/2`. Since χ²(p; 2k)/2 is the p-quantile of a unit-scale gamma with shape k,
 * these are found by inverting the regularized incomplete gamma function. Used by {@link byarInterval} below 10.
 *
 * Source: OHID Technical Guide: Confidence Intervals, Appendix 2 (Armitage & Berry 2002); PHEindicatormethods::phe_rate
 * (`qchisq((1-confidence)/2, 2*x)/2` and `qchisq(confidence+(1-confidence)/2, 2*x+2)/2`).
 *
 * @throws RangeError when count is negative or not a finite number.
 */
export function exactPoissonInterval(count: number, confidence: Confidence): Interval {
  checkCount(count);
  zFor(confidence); // rejects an unsupported level, as every other function here does
  const tail = (1 - confidence) / 2;
  return {
    lower: count === 0 ? 0 : gammaQuantile(count, tail, 'lower'),
    upper: gammaQuantile(count + 1, tail, 'upper'),
  };
}

/**
 * Confidence interval for a crude rate count/denominator × multiplier (default per 100,000): the count's interval
 * from {@link byarInterval} (exact below 10, Byar's from 10) divided by the denominator and multiplied.
 *
 * Source: OHID Technical Guide: Confidence Intervals; PHEindicatormethods::phe_rate.
 *
 * @throws RangeError when count < 0, denominator <= 0 or either is not a finite number.
 */
export function rateInterval(count: number, denominator: number, confidence: Confidence, multiplier = 100_000): Interval {
  checkCount(count);
  if (!Number.isFinite(denominator) || denominator <= 0) {
    throw new RangeError(`Rate interval needs a denominator greater than zero, got ${denominator}`);
  }
  checkMultiplier(multiplier);
  const { lower, upper } = byarInterval(count, confidence);
  return { lower: (lower / denominator) * multiplier, upper: (upper / denominator) * multiplier };
}

/** How an indicator's direction is judged. NONE is Fingertips' "blue/orange/blue": compared, but not judged. */
export type Polarity = 'HIGH_IS_GOOD' | 'LOW_IS_GOOD' | 'NONE';

/** The outcome of comparing an area with a benchmark. */
export type Significance = 'BETTER' | 'SIMILAR' | 'WORSE' | 'HIGHER' | 'LOWER' | 'NOT_COMPARED';

/**
 * Compares an area's confidence interval with a comparator's value (England, region, or a target) the way
 * Fingertips does. If the comparator lies within the interval, limits included, the area is SIMILAR. Otherwise
 * the interval lies wholly above (HIGHER) or wholly below (LOWER) the comparator; with HIGH_IS_GOOD higher is
 * BETTER and lower WORSE, with LOW_IS_GOOD the reverse, and with NONE it stays HIGHER/LOWER. NOT_COMPARED when
 * the interval or the comparator is missing or not a finite number, or the interval is inverted.
 *
 * Source: Fingertips `SingleOverlappingCIsComparer` (comparator within `LowerCI..UpperCI` inclusive is Same) and
 * `IndicatorComparer.AdjustForPolarity` (RAG low-is-good swaps Better/Worse; blue/orange/blue shows Higher/Lower).
 */
export function compareToValue(
  interval: Interval | null | undefined,
  comparator: number | null | undefined,
  polarity: Polarity,
): Significance {
  if (interval == null || comparator == null) return 'NOT_COMPARED';
  const { lower, upper } = interval;
  if (!Number.isFinite(lower) || !Number.isFinite(upper) || !Number.isFinite(comparator) || lower > upper) {
    return 'NOT_COMPARED';
  }
  if (comparator >= lower && comparator <= upper) return 'SIMILAR';
  const higher = lower > comparator;
  switch (polarity) {
    case 'HIGH_IS_GOOD':
      return higher ? 'BETTER' : 'WORSE';
    case 'LOW_IS_GOOD':
      return higher ? 'WORSE' : 'BETTER';
    case 'NONE':
      return higher ? 'HIGHER' : 'LOWER';
    default:
      throw new RangeError(`Unknown polarity ${String(polarity)}`);
  }
}

function checkCount(count: number): void {
  if (!Number.isFinite(count) || count < 0) {
    throw new RangeError(`Poisson interval needs a count of zero or more, got ${count}`);
  }
}

function checkMultiplier(multiplier: number): void {
  if (!Number.isFinite(multiplier) || multiplier <= 0) {
    throw new RangeError(`Multiplier must be greater than zero, got ${multiplier}`);
  }
}

function clamp01(p: number): number {
  return p < 0 ? 0 : p > 1 ? 1 : p;
}

// ---------------------------------------------------------------------------------------------------------------
// Regularized incomplete gamma and its inverse, for the exact Poisson limits.

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(a) for a > 0: exact log-factorial for whole numbers, Lanczos (g = 7, n = 9) otherwise. */
function logGamma(a: number): number {
  if (Number.isInteger(a) && a <= 171) {
    let sum = 0;
    for (let k = 2; k < a; k += 1) sum += Math.log(k);
    return sum;
  }
  if (a < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * a)) - logGamma(1 - a);
  const x = a - 1;
  let s = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i += 1) s += LANCZOS[i] / (x + i);
  const t = x + LANCZOS_G + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(s);
}

/**
 * The regularized incomplete gamma functions P(a, x) and Q(a, x) = 1 − P(a, x), each computed directly where it is
 * small (series for x < a + 1, Lentz's continued fraction otherwise) so that tail probabilities keep full precision.
 */
function incompleteGamma(a: number, x: number): { p: number; q: number } {
  if (x <= 0) return { p: 0, q: 1 };
  const prefix = Math.exp(-x + a * Math.log(x) - logGamma(a));
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 10_000; n += 1) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) <= Math.abs(sum) * Number.EPSILON) break;
    }
    const p = Math.min(1, sum * prefix);
    return { p, q: 1 - p };
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i += 1) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) <= Number.EPSILON) break;
  }
  const q = Math.min(1, prefix * h);
  return { p: 1 - q, q };
}

/**
 * The x at which the unit-scale gamma with shape a has lower-tail probability `tail` (side 'lower', P(a, x) = tail)
 * or upper-tail probability `tail` (side 'upper', Q(a, x) = tail): a bracketed bisection run to the last bit.
 */
function gammaQuantile(a: number, tail: number, side: 'lower' | 'upper'): number {
  const beyond = (x: number) => {
    const { p, q } = incompleteGamma(a, x);
    return side === 'lower' ? p > tail : q < tail;
  };
  let lo = 0;
  let hi = Math.max(1, 2 * a);
  while (!beyond(hi)) {
    lo = hi;
    hi *= 2;
  }
  for (let i = 0; i < 2_000; i += 1) {
    const mid = (lo + hi) / 2;
    if (mid <= lo || mid >= hi) break;
    if (beyond(mid)) hi = mid;
    else lo = mid;
  }
  return (lo + hi) / 2;
}
