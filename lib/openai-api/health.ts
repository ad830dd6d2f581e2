import type { ModelStatus } from "@/lib/models/model-status";

/** `GET /health`: 200 once the model can answer, 503 while it is not loaded yet. */
export function healthResponse(status: ModelStatus): Response {
  const { state, ...progress } = status;
  return Response.json(
    { status: state, ...progress },
    { status: state === "ready" ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
}
