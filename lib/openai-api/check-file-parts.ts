import { formatBytes } from "@/lib/http/read-json-body";
import type { ModelInputs } from "@/lib/models/model-inputs";
import type { ModelSpec } from "@/lib/models/model-spec";
import type { ApiFilePart } from "./content-parts";
import { OpenAIApiError } from "./openai-api-error";
import type { ConversationMessage } from "./schema";

/** What the served model takes, and how large one inline file may be. */
export interface FileAcceptance {
  spec: ModelSpec;
  /** The model's name, as clients call it. */
  name: string;
  inputs: ModelInputs;
  /** Largest image or file one part may carry, decoded (CHAT_API_MAX_FILE_BYTES). */
  maxFileBytes: number;
}

/**
 * Refuses, with a 400 naming the part (`param`, e.g. `messages[0].content[1]`), any image or
 * file the served model cannot take, rather than dropping it unseen: an image to a model that
 * does not see, a PDF to one that does not read them, one larger than the limit, and an image
 * address unless the model is OpenAI's, which fetches it itself. This server never fetches an
 * address a client sent (docs/security.md); an OpenAI-compatible server may be on this machine's
 * network, where such an address would reach what the client cannot.
 */
export function checkFilePart(part: ApiFilePart, param: string, accepts: FileAcceptance): void {
  const refuse = (
    message: string,
    code: "unsupported_value" | "invalid_value" = "unsupported_value",
  ) => {
    throw new OpenAIApiError(code, { message, param });
  };
  const { name, spec, inputs } = accepts;
  if (part.type === "pdf" ? !inputs.pdfs : !inputs.images) {
    const what = part.type === "pdf" ? "PDF files" : "images";
    refuse(`The model '${name}' cannot take ${what} (${param} is one): ${why(spec, part)}`);
  }
  if (part.type === "image-url") {
    if (spec.provider !== "openai") {
      refuse(
        `This server does not fetch image addresses, and its model does not fetch them itself: send the image in ${param} as a data: URL (data:image/png;base64,…).`,
      );
    }
    return;
  }
  if (part.data.byteLength > accepts.maxFileBytes) {
    refuse(
      `The ${part.type === "pdf" ? "file" : "image"} in ${param} is ${formatBytes(part.data.byteLength)}; this server takes at most ${formatBytes(accepts.maxFileBytes)} per image or file.`,
      "invalid_value",
    );
  }
}

function why(spec: ModelSpec, part: ApiFilePart): string {
  const what = part.type === "pdf" ? "PDFs" : "images";
  switch (spec.provider) {
    case "local":
      return "this server's local model reads text only. Send the text instead.";
    case "openai":
      return `it is not one of OpenAI's models that take ${what}.`;
    case "openai-compatible":
      return `its server is not set up to send it ${what} (${part.type === "pdf" ? "OPENAI_COMPATIBLE_PDF_MODELS" : "OPENAI_COMPATIBLE_VISION_MODELS"}).`;
  }
}

/** `checkFilePart` for every image and file of a Chat Completions request's messages. */
export function checkMessageFiles(messages: ConversationMessage[], accepts: FileAcceptance): void {
  for (const [index, message] of messages.entries()) {
    if (message.role !== "user" || !message.parts) continue;
    for (const [at, part] of message.parts.entries()) {
      if (part.type !== "text") checkFilePart(part, `messages[${index}].content[${at}]`, accepts);
    }
  }
}
