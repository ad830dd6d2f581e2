import {
  type ChatUIMessage,
  type FilePart,
  filePartsOf,
  type HistoryMessage,
} from "@/lib/chat/message";
import { isImageMediaType } from "@/lib/files/file-kind";
import type { ModelInputs } from "@/lib/models/model-inputs";
import type { ChatStore, StoredFile } from "@/lib/store";

type ModelParts = ChatUIMessage["parts"];

const PDF_MEDIA_TYPE = "application/pdf";

/** What the model gets of the files on a conversation's path. */
export interface FilesForModel {
  /** By file id: the parts that stand for it in its message (model-history.ts). */
  parts: Map<string, ModelParts>;
  /** Files the model could not take (an image to a model that cannot see): the page says so. */
  unseen: string[];
}

/** One file's text, and how much of it the model may get. */
export interface FileTextRequest {
  file: Pick<StoredFile, "id" | "name" | "mediaType" | "pages"> & { text: string };
  /** The user's question (the text of the newest message): what retrieval would search for. */
  question: string;
  /** Characters this file may take in the model's context. */
  budgetChars: number;
}

/** What of a file's text goes in: passages, each with the page it starts on (PDFs). */
export interface FileTextChoice {
  passages: { text: string; page?: number }[];
  /** Said to the model after the passages when not all of the file is there. */
  note?: string;
}

/**
 * The seam where a file too long for the context is handled: "what of this file goes in". For
 * now, the file whole when it fits, else its beginning that fits and a sentence that the rest
 * was cut. Retrieval (lib/retrieval) replaces this with the passages that best answer the
 * question.
 */
export type ChooseFileText = (request: FileTextRequest) => Promise<FileTextChoice>;

export const firstPartThatFits: ChooseFileText = async ({ file, budgetChars }) => {
  const pages = file.text.split("\f");
  const passages: FileTextChoice["passages"] = [];
  let left = budgetChars;
  for (const [index, text] of pages.entries()) {
    if (left <= 0) break;
    const kept = text.length <= left ? text : text.slice(0, left);
    passages.push({ text: kept, ...(file.pages !== null ? { page: index + 1 } : {}) });
    left -= kept.length;
  }
  const keptChars = passages.reduce((sum, passage) => sum + passage.text.length, 0);
  const total = pages.reduce((sum, page) => sum + page.length, 0);
  if (keptChars >= total) return { passages };
  const where =
    file.pages !== null && passages.length > 0
      ? ` The text stops part-way through page ${passages.length} of ${file.pages}.`
      : "";
  return {
    passages,
    note: `[Only the first ${keptChars.toLocaleString("en")} of ${total.toLocaleString("en")} characters of ${file.name} are given here: the rest did not fit the model's context and was cut.${where}]`,
  };
};

export interface FileContextOptions {
  /** What the model takes besides text (lib/models/model-inputs.ts). */
  inputs: ModelInputs;
  /** Characters of file text the whole path may give the model (CHAT_FILE_CONTEXT_CHARS). */
  maxChars: number;
  choose?: ChooseFileText;
}

/**
 * The model's view of the files on the path: text files as text it can quote — wrapped in
 * `<file name="…">` with `--- page n ---` markers for PDFs — within the budget, the newest
 * message's files first; PDFs as PDF file parts to a model that reads them; images as image parts to a model that sees them, and otherwise a
 * sentence saying one was attached that it cannot see (and the page is told: never a silent drop).
 */
export async function filesForModel(
  store: ChatStore,
  ownerId: string,
  history: readonly HistoryMessage[],
  { inputs, maxChars, choose = firstPartThatFits }: FileContextOptions,
): Promise<FilesForModel> {
  const named = history.flatMap((message) => filePartsOf(message.parts));
  const result: FilesForModel = { parts: new Map(), unseen: [] };
  if (named.length === 0) return result;
  const stored = new Map(
    (await store.getFiles(ownerId, [...new Set(named.map((part) => part.fileId))])).map((file) => [
      file.id,
      file,
    ]),
  );
  const question = questionOf(history);
  let left = maxChars;
  // Newest first: the message being answered gets the room before older ones.
  for (const part of [...named].reverse()) {
    if (result.parts.has(part.fileId)) continue;
    const file = stored.get(part.fileId);
    if (!file) {
      result.parts.set(part.fileId, [text(`[The file ${part.name} is no longer available.]`)]);
      continue;
    }
    if (isImageMediaType(file.mediaType)) {
      result.parts.set(part.fileId, imageParts(file, inputs, result.unseen));
      continue;
    }
    // A model that reads PDFs gets the document itself (its layout, tables and figures), counted
    // against the budget by its text; one too long for the budget goes as passages of its text,
    // which retrieval can choose, rather than whole past the context.
    const textChars = file.text?.length ?? 0;
    if (inputs.pdfs && file.mediaType === PDF_MEDIA_TYPE && textChars <= left) {
      left -= textChars;
      result.parts.set(part.fileId, [dataPart(file)]);
      continue;
    }
    const choice = await choose({
      file: { ...file, text: file.text ?? "" },
      question,
      budgetChars: Math.max(0, left),
    });
    const used = choice.passages.reduce((sum, passage) => sum + passage.text.length, 0);
    left -= used;
    result.parts.set(part.fileId, [text(fileBlock(part, file, choice))]);
  }
  return result;
}

function imageParts(file: StoredFile, inputs: ModelInputs, unseen: string[]): ModelParts {
  if (inputs.images) return [dataPart(file)];
  unseen.push(file.name);
  return [
    text(
      `[The user attached an image, ${file.name}, but this model cannot see images: say so if the question needs it.]`,
    ),
  ];
}

/** The file's own bytes as an AI SDK file part (a data URL): what the provider sends on. */
function dataPart(file: StoredFile): ModelParts[number] {
  return {
    type: "file",
    mediaType: file.mediaType,
    filename: file.name,
    url: `data:${file.mediaType};base64,${Buffer.from(file.bytes).toString("base64")}`,
  };
}

function fileBlock(part: FilePart, file: StoredFile, choice: FileTextChoice): string {
  const pages = file.pages === null ? "" : ` pages="${file.pages}"`;
  const body = choice.passages
    .map((passage) =>
      passage.page === undefined ? passage.text : `--- page ${passage.page} ---\n${passage.text}`,
    )
    .join("\n");
  const note = choice.note ? `\n${choice.note}` : "";
  return `<file name="${attribute(part.name)}"${pages}>\n${body}${note}\n</file>\n`;
}

function attribute(value: string): string {
  return value.replaceAll("&", "&amp;").replaceAll('"', "&quot;").replaceAll("<", "&lt;");
}

function text(value: string): ModelParts[number] {
  return { type: "text", text: value };
}

/** The text of the newest user message: the question the files are read for. */
function questionOf(history: readonly HistoryMessage[]): string {
  const last = history.findLast((message) => message.role === "user");
  return (last?.parts ?? []).map((part) => (part.type === "text" ? part.text : "")).join("");
}
