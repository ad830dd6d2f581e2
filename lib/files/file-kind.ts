/**
 * What a file is, as the reader treats it: decided from its bytes (detect-file-kind.ts), never
 * from the type the browser claimed.
 */
export type FileKind =
  | { kind: "pdf"; mediaType: "application/pdf" }
  | {
      kind: "docx";
      mediaType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    }
  | { kind: "image"; mediaType: ImageMediaType }
  /** Text of some kind: plain, Markdown, code, CSV/TSV, JSON, HTML (reduced to text). */
  | { kind: "text"; mediaType: TextMediaType };

export const imageMediaTypes = ["image/png", "image/jpeg", "image/webp", "image/gif"] as const;
export type ImageMediaType = (typeof imageMediaTypes)[number];

export const textMediaTypes = [
  "text/plain",
  "text/markdown",
  "text/csv",
  "text/tab-separated-values",
  "application/json",
  "text/html",
] as const;
export type TextMediaType = (typeof textMediaTypes)[number];

export const DOCX_MEDIA_TYPE =
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document" as const;

export function isImageMediaType(type: string): type is ImageMediaType {
  return (imageMediaTypes as readonly string[]).includes(type);
}
