import { BadUserInputError, type InputProblem } from './errors';

/** Today's date (UTC) as YYYY-MM-DD, the form date fields use. */
export function today(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/**
 * Collects everything wrong with one input before anything is written, so the caller hears about
 * every field at once and the database is never touched by a half-valid request.
 */
export class InputCheck {
  private readonly problems: InputProblem[] = [];

  add(field: string, message: string): this {
    this.problems.push({ field, message });
    return this;
  }

  /** Text that must not be blank (when required) or longer than `max` characters. */
  text(field: string, value: string | null | undefined, max: number, required = true): this {
    if (value === undefined || value === null) {
      if (required) this.add(field, `'${field}' is required.`);
    } else if (required && !value.trim()) {
      this.add(field, `'${field}' must not be blank.`);
    } else if (value.length > max) {
      this.add(field, `'${field}' is ${value.length} characters long; the most allowed is ${max}.`);
    }
    return this;
  }

  /** A calendar date no earlier than `earliest` (both YYYY-MM-DD). */
  dateFrom(field: string, value: string | null | undefined, earliest: string, what = 'today'): this {
    if (value && value < earliest) this.add(field, `'${field}' (${value}) is in the past; it must be ${what} or later.`);
    return this;
  }

  /** The integer key an ID field stands for, or undefined with the problem recorded. */
  id(field: string, value: string | number): number | undefined {
    const n = parseId(value);
    if (n === undefined) this.add(field, notAnId(field, value));
    return n;
  }

  get ok(): boolean {
    return this.problems.length === 0;
  }

  /** Throws one BadUserInputError listing every problem, if there are any. */
  done(): void {
    if (!this.problems.length) return;
    const [first] = this.problems;
    const message =
      this.problems.length === 1 ? first.message : `${this.problems.length} problems: ${this.problems.map((p) => p.message).join(' ')}`;
    throw new BadUserInputError(message, first.field, this.problems);
  }
}

/** The integer key an ID argument stands for, or undefined when it is not one. */
function parseId(value: string | number): number | undefined {
  const n = typeof value === 'number' ? value : /^\d{1,9}$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

const notAnId = (field: string, value: unknown) => `'${field}' is not a valid id: ${JSON.stringify(value)}.`;

/** An ID argument as the integer key it stands for; anything else is bad input naming the field. */
export function idOf(value: string | number, field: string): number {
  const n = parseId(value);
  if (n === undefined) throw new BadUserInputError(notAnId(field, value), field);
  return n;
}
