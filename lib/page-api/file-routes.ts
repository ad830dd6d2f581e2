import { type FileRefusal, isImageMediaType, takeUpload, type UploadOptions } from "@/lib/files";
import { readBodyBytes } from "@/lib/http/read-body-bytes";
import type { IndexingState } from "@/lib/retrieval/indexing-state";
import type { PageApiOptions, PageRoute, RouteContext } from "./create-page-api";
import { refuse } from "./refusals";

/**
 * Files attached in a conversation: the upload (the file's bytes as the body, its name in
 * `?name=`), its bytes and its text for its owner, and removing one not sent yet.
 */
export function fileRoutes(options: PageApiOptions): PageRoute[] {
  const uploads: UploadOptions = options.files;
  return [
    {
      // Raw bytes (`Content-Type: application/octet-stream`): the browser's claim of the type is
      // not read; the file's own bytes say what it is (lib/files/detect-file-kind.ts).
      method: "POST",
      path: "/api/conversations/:id/files",
      run: async (request, { ownerId, store, id }) => {
        const name = fileNameOf(new URL(request.url).searchParams.get("name"));
        if (!name) refuse({ reason: "invalid-request" });
        const body = await readBodyBytes(request, uploads.limits.maxFileBytes);
        if (!body.ok) refuse({ reason: "file-too-large", maxBytes: body.maxBytes });
        const outcome = await takeUpload(store, ownerId, id, { name, bytes: body.bytes }, uploads);
        if (!outcome.ok) refuse(outcome.refusal);
        const indexing: IndexingState = options.fileIndexing?.started(
          store,
          outcome.file,
          outcome.text,
        ) ?? { state: "whole" };
        return Response.json({ file: outcome.file, indexing }, { status: 201 });
      },
    },
    {
      // The original bytes, to their owner only. Never rendered as this app: a sandbox policy and
      // nosniff, and anything but an image is a download.
      method: "GET",
      path: "/api/files/:id",
      run: async (_request, context) => {
        const file = await ownedFile(context);
        const inline = isImageMediaType(file.mediaType);
        // Text was checked to be UTF-8 when it was read.
        const charset =
          file.text !== null && !file.mediaType.includes("pdf") ? "; charset=utf-8" : "";
        return new Response(Buffer.from(file.bytes), {
          headers: {
            "content-type": `${file.mediaType}${file.mediaType.startsWith("text/") ? charset : ""}`,
            "content-length": String(file.size),
            "content-disposition": `${inline ? "inline" : "attachment"}; filename*=UTF-8''${encodeURIComponent(file.name)}`,
            "x-content-type-options": "nosniff",
            "content-security-policy": "sandbox; default-src 'none'",
            "cache-control": "private, max-age=3600",
          },
        });
      },
    },
    {
      // What the preview shows: the text read from it (pages separated by form feeds).
      method: "GET",
      path: "/api/files/:id/text",
      run: async (_request, context) => {
        const { bytes: _bytes, ...file } = await ownedFile(context);
        return Response.json({ file });
      },
    },
    {
      // Whether a long file is searchable yet (chunked and embedded): the page asks only while
      // it says `indexing`.
      method: "GET",
      path: "/api/files/:id/indexing",
      run: async (_request, context) => {
        const { store, ownerId, id } = context;
        const indexing = options.fileIndexing
          ? await options.fileIndexing.stateOf(store, ownerId, id)
          : (await ownedFile(context)) && ({ state: "whole" } satisfies IndexingState);
        if (!indexing) refuse({ reason: "file-not-found" } satisfies FileRefusal);
        return Response.json({ indexing });
      },
    },
    {
      // An attachment removed before its message was sent; a sent one stays with its message.
      method: "DELETE",
      path: "/api/files/:id",
      run: async (_request, context) => {
        const file = await ownedFile(context);
        const conversation = await context.store.getConversation(
          context.ownerId,
          file.conversationId,
        );
        const sent = conversation?.messages.some((message) =>
          message.parts.some((part) => part.type === "file" && part.fileId === file.id),
        );
        if (sent) refuse({ reason: "file-sent-already" });
        await context.store.deleteFile(context.ownerId, file.id);
        return new Response(null, { status: 204 });
      },
    },
  ];
}

async function ownedFile({ ownerId, store, id }: RouteContext) {
  const [file] = await store.getFiles(ownerId, [id]);
  if (!file) refuse({ reason: "file-not-found" } satisfies FileRefusal);
  return file;
}

/** The name as given, trimmed to its last path segment, without control characters; 1–255. */
function fileNameOf(raw: string | null): string | undefined {
  const last = (raw ?? "").split(/[/\\]/).at(-1) ?? "";
  const name = Array.from(last)
    .filter((char) => char.charCodeAt(0) >= 0x20 && char !== "\u007f")
    .join("")
    .trim();
  if (!name) return undefined;
  return name.length > 255 ? name.slice(0, 255) : name;
}
