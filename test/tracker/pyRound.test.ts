import { describe, expect, test } from 'vitest';
import { pyRound } from '../../src/3-model/tracker/pyRound.js';

describe('pyRound: Python 3 round(), ties to even', () => {
  test.each([
    // ties go to the even neighbour
    [0.5, 0],
    [1.5, 2],
    [2.5, 2],
    [3.5, 4],
    [22.5, 22],
    [59.5, 60],
    [60.5, 60],
    // everything else to the nearest
    [2.4999999, 2],
    [2.5000001, 3],
    [26.86, 27],
    [12.73, 13],
    [0, 0],
    [98, 98],
  ])('round(%f) = %i', (x, expected) => {
    expect(pyRound(x)).toBe(expected);
  });

  test('differs from Math.round exactly on the ties with an even floor', () => {
    // Math.round(2.5) = 3 but Python's round(2.5) = 2; on 3.5 both give 4.
    expect(Math.round(2.5)).toBe(3);
    expect(pyRound(2.5)).toBe(2);
    expect(pyRound(3.5)).toBe(Math.round(3.5));
  });
});
