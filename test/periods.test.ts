import { BadUserInputError } from '../src/errors';
import {
  checkFinancialYear,
  financialYearLabel,
  financialYearOf,
  firstDay,
  isIsoDate,
  isMonth,
  monthIndex,
  monthOf,
  monthSpan,
  parseFinancialYear,
  periodSchemas,
  resolveMonths,
} from '../src/periods';

/** What `fn` throws; fails the test when it returns. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error, but it returned');
}

describe('dates', () => {
  it.each(['2024-02-29', '2021-03-31', '1999-12-31', '2030-01-01'])('%s is a date', (text) => {
    expect(isIsoDate(text)).toBe(true);
  });

  it.each([
    ['29 February outside a leap year', '2023-02-29'],
    ['31 April', '2024-04-31'],
    ['month 13', '2024-13-01'],
    ['day 0', '2024-01-00'],
    ['no leading zero', '2024-1-01'],
    ['a date-time', '2024-03-01T00:00:00Z'],
    ['a month', '2024-03'],
    ['day first', '01/03/2024'],
    ['empty', ''],
  ])('%s is not a date (%s)', (_what, text) => {
    expect(isIsoDate(text)).toBe(false);
  });

  it('checks seed files with the messages the seed loader reports', () => {
    expect(periodSchemas.isoDate.parse('2024-02-29')).toBe('2024-02-29');
    expect(periodSchemas.isoDate.safeParse('2024/02/29').error?.issues[0]?.message).toBe('is not an ISO date (YYYY-MM-DD)');
    expect(periodSchemas.isoDate.safeParse('2023-02-29').error?.issues[0]?.message).toBe('is not a real date');
  });
});

describe('months', () => {
  it.each(['2024-01', '2024-12', '1999-06'])('%s is a month', (text) => {
    expect(isMonth(text)).toBe(true);
  });

  it.each(['2024-00', '2024-13', '2024-3', '24-03', '2024-03-01', '2024/03', 'March 2024', ''])('%j is not a month', (text) => {
    expect(isMonth(text)).toBe(false);
  });

  it('count across year ends and come back to the same text', () => {
    expect(monthIndex('2024-01') - monthIndex('2023-12')).toBe(1);
    expect(monthOf(monthIndex('2024-01') - 1)).toBe('2023-12');
    expect(monthOf(monthIndex('2024-03') - 11)).toBe('2023-04');
    expect(monthOf(monthIndex('2024-09'))).toBe('2024-09');
  });

  it('are stored as their first day and described as a span', () => {
    expect(firstDay('2024-03')).toBe('2024-03-01');
    expect(monthSpan('2017-11-01', '2017-11-01')).toBe('2017-11');
    expect(monthSpan('2017-11-01', '2019-10-01')).toBe('2017-11 to 2019-10');
  });
});

describe('month arguments', () => {
  it('default to the twelve months up to the latest loaded', () => {
    expect(resolveMonths({}, '2024-06')).toEqual({ from: '2023-07', to: '2024-06' });
    expect(resolveMonths({ to: '2024-02' }, '2024-06')).toEqual({ from: '2023-03', to: '2024-02' });
    expect(resolveMonths({ from: '2024-01', to: '2024-01' }, null)).toEqual({ from: '2024-01', to: '2024-01' });
  });

  it.each([
    [{ from: '2024-13' }, 'from', "'from' must be a month written YYYY-MM, such as 2024-03; it was '2024-13'."],
    [{ to: '2024-3' }, 'to', "'to' must be a month written YYYY-MM, such as 2024-03; it was '2024-3'."],
    [{ from: '2024-05', to: '2024-04' }, 'from', "'from' (2024-05) is after 'to' (2024-04)."],
    [{ from: '2019-01', to: '2024-01' }, 'from', 'The period may span at most 60 months; 2019-01 to 2024-01 is longer.'],
  ])('reject %j as bad input naming the argument', (args, field, message) => {
    const err = thrown(() => resolveMonths(args, '2024-06'));
    expect(err).toBeInstanceOf(BadUserInputError);
    expect(err).toMatchObject({ message, extensions: { code: 'BAD_USER_INPUT', field } });
  });

  it('accept exactly 60 months', () => {
    expect(resolveMonths({ from: '2019-02', to: '2024-01' }, null)).toEqual({ from: '2019-02', to: '2024-01' });
  });
});

describe('financial years', () => {
  it.each([
    ['2020/21', 2020],
    ['1999/00', 1999],
    ['2009/10', 2009],
  ])('%s starts in %i', (text, start) => {
    expect(parseFinancialYear(text)).toEqual({ start });
    expect(financialYearLabel(start)).toBe(text);
  });

  it.each([
    ['2020-21', "'2020-21' is not a financial year (write it like 2020/21)"],
    ['2020/2021', "'2020/2021' is not a financial year (write it like 2020/21)"],
    ['20/21', "'20/21' is not a financial year (write it like 2020/21)"],
    ['', "'' is not a financial year (write it like 2020/21)"],
    ['2020/22', "'2020/22' is not a financial year: the year after 2020 is 21 (2020/21)"],
    ['1999/99', "'1999/99' is not a financial year: the year after 1999 is 00 (1999/00)"],
  ])('%j is not a financial year', (text, problem) => {
    expect(parseFinancialYear(text)).toEqual({ problem });
  });

  it.each([
    ['2020-04-01', 2020],
    ['2021-03-31', 2020],
    ['2021-04-01', 2021],
    ['2021-01-15', 2020],
    ['2020-12-31', 2020],
  ])('%s falls in the year starting %i', (date, start) => {
    expect(financialYearOf(date)).toBe(start);
  });

  it('are checked as arguments with the message clients get', () => {
    expect(checkFinancialYear('2020/21')).toBe('2020/21');
    for (const bad of ['2020-21', '2020/22', 'last year']) {
      expect(thrown(() => checkFinancialYear(bad))).toMatchObject({
        message: `'financialYear' must be written like 2020/21; it was '${bad}'.`,
        extensions: { code: 'BAD_USER_INPUT', field: 'financialYear' },
      });
    }
  });
});
