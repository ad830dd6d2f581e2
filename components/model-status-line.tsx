import type { ModelStatus } from "@/lib/models/model-status";

/**
 * While a reply waits: the local model's download or load progress, or its place in the queue
 * when every sequence of the model is busy with other replies; otherwise "Thinking…".
 */
export function ModelStatusLine({
  status,
  queuePlace,
}: {
  status: ModelStatus | undefined;
  queuePlace?: number;
}) {
  let text = "Thinking…";
  if (queuePlace !== undefined) {
    text = `Waiting for the model: place ${queuePlace} in the queue…`;
  } else if (status?.state === "downloading") {
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
