// Files attached in a conversation: what a file is (from its bytes), reading its text in a worker
// with a time and memory budget, the upload's checks and limits, and files in the model's context.
export { detectFileKind } from "./detect-file-kind";
export {
  DOCX_MEDIA_TYPE,
  type FileKind,
  type ImageMediaType,
  imageMediaTypes,
  isImageMediaType,
} from "./file-kind";
export { type FileLimits, fileLimitsFrom, READ_BOUNDS } from "./file-limits";
export type { FileRefusal, FileRefusalReason } from "./file-refusal";
export type { ReadOutcome } from "./read-file-text";
export { type FileReadLimits, type FileWorkerOptions, readInWorker } from "./read-in-worker";
export { takeUpload, type UploadOptions, type UploadOutcome } from "./take-upload";
