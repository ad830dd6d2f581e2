/**
 * Next's start-up hook. First it refuses to start a server that other machines can reach while
 * nothing protects its page (lib/http/exposure.ts), or whose settings are invalid. Then it begins
 * loading the model in the background, so that the first request does not pay for it and
 * `GET /health` turns 200 once it is ready; and opens the store, which migrates it and marks
 * replies a crashed run left `streaming` as interrupted. Start-up does not wait for either.
 */
export async function register(): Promise<void> {
  // Read here and not through lib/env: Next inlines NEXT_RUNTIME into each runtime's bundle, and
  // only this literal check keeps the Node-only model code below out of the edge bundle.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("@/lib/env");
  const { checkStartUp } = await import("@/lib/http/exposure");
  checkStartUp(env);

  const { getChatModel, warmUp } = await import("@/lib/models/chat-model");
  Promise.resolve()
    .then(() => warmUp(getChatModel()))
    .catch((error: unknown) => console.error("[model] warm-up failed:", error));
  const { getChatStore } = await import("@/lib/store");
  getChatStore().catch((error: unknown) =>
    console.error("[store] could not open the database:", error),
  );
}
