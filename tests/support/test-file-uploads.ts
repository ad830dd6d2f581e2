import type { UploadOptions } from "@/lib/files";

/**
 * The file limits tests run with (the defaults, small enough to hit), and the reading worker
 * started on TypeScript (the built app's worker is bundled JavaScript).
 */
export const testFileUploads: UploadOptions = {
  limits: {
    maxFileBytes: 10 * 1024 * 1024,
    maxFilesPerMessage: 10,
    maxBytesPerOwner: 50 * 1024 * 1024,
    maxPages: 2_000,
    readTimeLimitMs: 30_000,
    readMemoryMb: 256,
  },
  worker: { execArgv: ["--import", "tsx"] },
};
