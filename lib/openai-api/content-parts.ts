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
        const { url } = parsed.data;
        const detail = parsed.data.detail ?? undefined;
        const extra = detail ? { detail } : {};
        if (/^https:\/\//i.test(url) && URL.canParse(url)) {
          return { type: "image-url", url, ...extra };
        }
        if (!/^data:/i.test(url)) {
          refuse(
            ctx,
            "invalid_value",
            ["image_url", "url"],
            "An image's `url` must be a data: URL (data:image/png;base64,…) or an https: address.",
          );
          return z.NEVER;
        }
        const decoded = decodeDataUrl(url);
        if ("problem" in decoded) {
          refuse(
            ctx,
            "invalid_value",
            ["image_url", "url"],
            `The image's data URL ${decoded.problem}.`,
          );
          return z.NEVER;
        }
        const mediaType = mediaTypeOf(decoded.bytes);
        if (mediaType === undefined || mediaType === "application/pdf") {
          refuse(
            ctx,
            "invalid_value",
            ["image_url", "url"],
            "The image's bytes are not a PNG, JPEG, GIF or WebP image.",
          );
          return z.NEVER;
        }
        return { type: "image", data: decoded.bytes, mediaType, ...extra };
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
        const decoded = decodeDataUrl(file.file_data);
        if ("problem" in decoded) {
          refuse(
            ctx,
            "invalid_value",
            ["file", "file_data"],
            `The file's \`file_data\` ${decoded.problem}.`,
          );
          return z.NEVER;
        }
        if (mediaTypeOf(decoded.bytes) !== "application/pdf") {
          refuse(
            ctx,
            "unsupported_value",
            ["file", "file_data"],
            "The file's bytes are not a PDF: file parts take PDFs (send images as image_url parts).",
          );
          return z.NEVER;
        }
        return { type: "pdf", data: decoded.bytes, filename: file.filename || "document.pdf" };
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
