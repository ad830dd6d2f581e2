import type { LanguageModelV4FilePart, LanguageModelV4TextPart } from "@ai-sdk/provider";
import { z } from "zod";
import { decodeDataUrl, type ImageMediaType, mediaTypeOf } from "./inline-file";
import { refuse } from "./refuse";

/** How closely the model should look at an image (OpenAI's `image_url.detail`). */
export type ImageDetail = "auto" | "low" | "high";

/**
 * An image or a document a message carries, checked: the bytes of a `data:` URL with the media
 * type they are (read from them), or an https address that only a remote model may fetch — this
 * server never does (lib/openai-api/check-file-parts.ts decides who may take which).
 */
export type ApiFilePart =
  | { type: "image"; data: Uint8Array; mediaType: ImageMediaType; detail?: ImageDetail }
  | { type: "image-url"; url: string; detail?: ImageDetail }
  | { type: "pdf"; data: Uint8Array; filename: string };

export type ContentPart = { type: "text"; text: string } | ApiFilePart;

export type PromptPart = LanguageModelV4TextPart | LanguageModelV4FilePart;

const imageUrlSchema = z.object(
  {
    url: z.string({ error: "An image_url part needs `image_url.url`, a string." }),
    detail: z.enum(["auto", "low", "high"]).nullish(),
  },
  { error: "An image_url part needs `image_url`: {url, detail}." },
);

const fileSchema = z.object(
  {
    file_data: z.string().nullish(),
    file_id: z.string().nullish(),
    filename: z.string().max(255).nullish(),
  },
  { error: "A file part needs `file`: {file_data, filename}." },
);

/**
 * One content part of a Chat Completions message: text, an image (`image_url`) or a PDF
 * (`file`). Audio and anything else is refused by name; so is a `file_id` (OpenAI's Files API,
 * which this server does not have) and an image address that is not https.
 */
export const contentPartSchema = z
  .looseObject({ type: z.string({ error: "Every content part needs a `type`." }) })
  .transform((part, ctx): ContentPart => {
    switch (part.type) {
      case "text": {
        if (typeof part.text !== "string") {
          refuse(ctx, "invalid_type", ["text"], "A text part needs `text`, a string.");
          return z.NEVER;
        }
        return { type: "text", text: part.text };
      }
      case "image_url": {
        const parsed = imageUrlSchema.safeParse(part.image_url);
        if (!parsed.success) {
          refuse(ctx, "invalid_value", ["image_url"], parsed.error.issues[0]?.message ?? "");
          return z.NEVER;
        }
        const read = readImageUrl(parsed.data.url, parsed.data.detail ?? undefined);
        if ("problem" in read) {
          refuse(ctx, read.code, ["image_url", "url"], read.problem);
          return z.NEVER;
        }
        return read.part;
      }
      case "file": {
        const parsed = fileSchema.safeParse(part.file);
        if (!parsed.success) {
          refuse(ctx, "invalid_value", ["file"], parsed.error.issues[0]?.message ?? "");
          return z.NEVER;
        }
        const file = parsed.data;
        if (file.file_id != null) {
          refuse(
            ctx,
            "unsupported_value",
            ["file", "file_id"],
            "`file_id` names a file of OpenAI's Files API, which this server does not have: send the file itself as `file_data` (data:application/pdf;base64,…).",
          );
          return z.NEVER;
        }
        if (file.file_data == null) {
          refuse(
            ctx,
            "missing_required_parameter",
            ["file", "file_data"],
            "A file part needs `file.file_data`: the file as a data URL (data:application/pdf;base64,…).",
          );
          return z.NEVER;
        }
        const read = readPdfData(file.file_data, file.filename ?? undefined);
        if ("problem" in read) {
          refuse(ctx, read.code, ["file", "file_data"], read.problem);
          return z.NEVER;
        }
        return read.part;
      }
      default:
        refuse(
          ctx,
          "unsupported_value",
          ["type"],
          `Content parts of type '${part.type}' are not supported: this server reads text, image_url and file (PDF) parts.`,
        );
        return z.NEVER;
    }
  });

/** A part read from what a client sent, or why it cannot be (the 400's code and sentence). */
export type ReadPart<T> =
  | { part: T }
  | { problem: string; code: "invalid_value" | "unsupported_value" };

/**
 * An image as a client sends it (Chat Completions' `image_url.url`, Responses' `input_image`'s
 * `image_url`): an https address kept as it is, or a data URL's bytes typed from the bytes.
 */
export function readImageUrl(
  url: string,
  detail: ImageDetail | undefined,
): ReadPart<Extract<ApiFilePart, { type: "image" | "image-url" }>> {
  const extra = detail ? { detail } : {};
  if (/^https:\/\//i.test(url) && URL.canParse(url)) {
    return { part: { type: "image-url", url, ...extra } };
  }
  if (!/^data:/i.test(url)) {
    return {
      code: "invalid_value",
      problem:
        "An image's `url` must be a data: URL (data:image/png;base64,…) or an https: address.",
    };
  }
  const decoded = decodeDataUrl(url);
  if ("problem" in decoded) {
    return { code: "invalid_value", problem: `The image's data URL ${decoded.problem}.` };
  }
  const mediaType = mediaTypeOf(decoded.bytes);
  if (mediaType === undefined || mediaType === "application/pdf") {
    return {
      code: "invalid_value",
      problem: "The image's bytes are not a PNG, JPEG, GIF or WebP image.",
    };
  }
  return { part: { type: "image", data: decoded.bytes, mediaType, ...extra } };
}

/** A PDF as a client sends it, a data URL (`file_data`), with its name. */
export function readPdfData(
  fileData: string,
  filename: string | undefined,
): ReadPart<Extract<ApiFilePart, { type: "pdf" }>> {
  const decoded = decodeDataUrl(fileData);
  if ("problem" in decoded) {
    return { code: "invalid_value", problem: `The file's \`file_data\` ${decoded.problem}.` };
  }
  if (mediaTypeOf(decoded.bytes) !== "application/pdf") {
    return {
      code: "unsupported_value",
      problem: "The file's bytes are not a PDF: file parts take PDFs (send images as image parts).",
    };
  }
  return { part: { type: "pdf", data: decoded.bytes, filename: filename || "document.pdf" } };
}

/**
 * A part as the AI SDK's prompt holds it: images and PDFs as file parts of their bytes, an https
 * image address as a URL the provider passes on (only OpenAI's, which fetches it itself: the AI
 * SDK downloads such URLs only in generateText/streamText, which /v1 does not go through).
 */
export function toPromptPart(part: ContentPart): PromptPart {
  switch (part.type) {
    case "text":
      return { type: "text", text: part.text };
    case "image":
      return {
        type: "file",
        mediaType: part.mediaType,
        data: { type: "data", data: part.data },
        ...imageDetail(part.detail),
      };
    case "image-url":
      return {
        type: "file",
        mediaType: "image",
        data: { type: "url", url: new URL(part.url) },
        ...imageDetail(part.detail),
      };
    case "pdf":
      return {
        type: "file",
        mediaType: "application/pdf",
        filename: part.filename,
        data: { type: "data", data: part.data },
      };
  }
}

/** OpenAI's provider reads an image's `detail` from its provider options. */
function imageDetail(detail: ImageDetail | undefined) {
  return detail ? { providerOptions: { openai: { imageDetail: detail } } } : {};
}
