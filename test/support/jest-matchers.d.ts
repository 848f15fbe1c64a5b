/// <reference types="jest" />
// @types/jest types the asymmetric matchers (expect.any, expect.objectContaining…) as `any`, which makes every
// object holding one an unsafe `any` to the linter and lets it stand in for any type unchecked. They are
// matchers: these overloads, merged ahead of @types/jest's, say so.
declare namespace jest {
  interface Expect {
    anything(): AsymmetricMatcher;
    any(classType: unknown): AsymmetricMatcher;
    arrayContaining(arr: readonly unknown[]): AsymmetricMatcher;
    objectContaining(obj: object): AsymmetricMatcher;
    stringMatching(str: string | RegExp): AsymmetricMatcher;
    stringContaining(str: string): AsymmetricMatcher;
    closeTo(num: number, numDigits?: number): AsymmetricMatcher;
  }
}
