/**
 * Files a request carries inline, as `data:` URLs (OpenAI's `image_url.url`, `file.file_data`):
 * decoded to bytes, and their media type read from the bytes, never taken from the URL's label.
 */
import { binaryMediaTypeOf, type ImageMediaType } from "@/lib/files";

export type { ImageMediaType };

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
  const type = binaryMediaTypeOf(bytes);
  return type === "application/zip" ? undefined : type;
}
