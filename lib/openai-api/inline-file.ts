/**
 * Files a request carries inline, as `data:` URLs (OpenAI's `image_url.url`, `file.file_data`):
 * decoded to bytes, and their media type read from the bytes, never taken from the URL's label.
 */

/** The images models take (OpenAI's list): PNG, JPEG, GIF, WebP. */
export type ImageMediaType = "image/png" | "image/jpeg" | "image/gif" | "image/webp";

export type InlineMediaType = ImageMediaType | "application/pdf";

/** The bytes of a `data:…;base64,…` URL, or why it is not one. */
export function decodeDataUrl(url: string): { bytes: Uint8Array } | { problem: string } {
  const match = /^data:([^,]*?);base64,/i.exec(url.slice(0, 256));
  if (!match) {
    return { problem: "is not a base64 data URL (data:<media type>;base64,<data>)" };
  }
  const data = url.slice(match[0].length);
  // Node's decoder skips what is not base64; a strict check first, so that garbage is refused.
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(data) || data.length % 4 === 1) {
    return { problem: "has data that is not valid base64" };
  }
  return { bytes: new Uint8Array(Buffer.from(data, "base64")) };
}

/** The media type the bytes are, among those a request may carry; undefined when none. */
export function mediaTypeOf(bytes: Uint8Array): InlineMediaType | undefined {
  const starts = (...signature: number[]) =>
    bytes.length >= signature.length && signature.every((byte, i) => bytes[i] === byte);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
  if (starts(0xff, 0xd8, 0xff)) return "image/jpeg";
  if (starts(0x47, 0x49, 0x46, 0x38)) return "image/gif"; // GIF8(7|9)a
  if (
    starts(0x52, 0x49, 0x46, 0x46) && // RIFF …
    bytes[8] === 0x57 && // WEBP
    bytes[9] === 0x45 &&
    bytes[10] === 0x42 &&
    bytes[11] === 0x50
  ) {
    return "image/webp";
  }
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return "application/pdf"; // %PDF-
  return undefined;
}
