/** `%text%` for LIKE/ILIKE with `\` as the escape character, so `%` and `_` match themselves. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
