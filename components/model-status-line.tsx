import type { ModelStatus } from "@/lib/models/model-status";

/** While the first reply waits on a local model: download or load progress; otherwise "Thinking…". */
export function ModelStatusLine({ status }: { status: ModelStatus | undefined }) {
  let text = "Thinking…";
  if (status?.state === "downloading") {
    const percent = Math.floor((status.downloadedBytes / Math.max(1, status.totalBytes)) * 100);
    text = `Downloading the model… ${percent}% (${Math.round(status.downloadedBytes / 1e6)} of ${Math.round(status.totalBytes / 1e6)} MB)`;
  } else if (status?.state === "loading") {
    text = `Loading the model… ${Math.floor(status.fraction * 100)}%`;
  }
  return (
    <p className="status" role="status">
      {text}
    </p>
  );
}
