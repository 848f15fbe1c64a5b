import { BadUserInputError } from '../../../src/errors';
import { compareCursors, decodeCursor, encodeCursor, parseCursor, START_OF_STREAM } from '../../../src/modules/live/live.cursor';

// The one place the hub reads and writes the outbox cursor ("txid.id"): `since` arguments, the
// cursors events carry, wake-ups, and the order the stream reads in.

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (err) {
    return err;
  }
  throw new Error('expected it to throw');
}

describe('the outbox cursor', () => {
  it('decodes what it encodes, up to the largest values the columns hold', () => {
    for (const cursor of [START_OF_STREAM, { txid: '812', id: '44' }, { txid: '18446744073709551615', id: '9223372036854775807' }]) {
      expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    }
    expect(encodeCursor({ txid: '812', id: '44' })).toBe('812.44');
  });

  it.each([
    ['a word', 'yesterday'],
    ['one number', '812'],
    ['three numbers', '1.2.3'],
    ['a sign', '-1.2'],
    ['spaces', ' 1.2'],
    ['a transaction id past xid8', '18446744073709551616.1'],
    ['an event id past bigint', '1.9223372036854775808'],
    ['an empty string', ''],
  ])('refuses %s as BAD_USER_INPUT naming the argument', (_what, text) => {
    expect(parseCursor(text)).toBeUndefined();
    expect(() => decodeCursor(text, 'since')).toThrow(BadUserInputError);
    expect(() => decodeCursor(text, 'since')).toThrow("'since' is not a cursor this hub gave out (expected two numbers joined by a dot).");
    expect(thrown(() => decodeCursor(text, 'after'))).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'after' } });
  });

  it('orders by transaction id, then event id, as numbers (not as text)', () => {
    const sorted = ['9.1', '9.10', '10.2', '10.9', '1000.1', '18446744073709551615.1'];
    const shuffled = ['10.9', '9.10', '18446744073709551615.1', '9.1', '1000.1', '10.2'];
    expect([...shuffled].sort((a, b) => compareCursors(decodeCursor(a), decodeCursor(b)))).toEqual(sorted);
    expect(compareCursors(decodeCursor('10.2'), decodeCursor('10.2'))).toBe(0);
    expect(compareCursors(START_OF_STREAM, decodeCursor('1.1'))).toBeLessThan(0);
  });
});
