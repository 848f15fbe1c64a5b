/**
 * The key that matches two descriptions of the same place: the location lower-cased, every run of
 * characters that are not letters or digits folded into one space, and trimmed. So "12-14 Foundry Row."
 * and "12/14 foundry row" both give "12 14 foundry row". Stored as `tasking_case.place_key` to find
 * repeat locations.
 */
export function placeKey(location: string): string {
  return location
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
