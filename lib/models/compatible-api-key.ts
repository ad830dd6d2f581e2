import type { Env } from "@/lib/env";
import { withoutTrailingSlashes } from "@/lib/http/request-path";
import { ModelConfigError } from "./model-config-error";
import { parseModelSpec } from "./model-spec";

type KeySettings = Pick<
  Env,
  "CHAT_MODEL" | "OPENAI_COMPATIBLE_API_KEY" | "OPENAI_COMPATIBLE_API_KEYS"
>;

/**
 * The bearer key for one `openai-compatible:` server, or none. Each key goes to its own server
 * only: the one OPENAI_COMPATIBLE_API_KEYS pairs it with, or, for OPENAI_COMPATIBLE_API_KEY, the
 * server CHAT_MODEL names (CHAT_MODEL_CHOICES may name servers the key is not for). And never in
 * clear text to another machine: a key for a plain-http server that is not this machine is
 * refused, which says how to fix it, rather than sent for anyone on the way to read.
 */
export function compatibleApiKey(baseURL: string, settings: KeySettings): string | undefined {
  const server = sameServer(baseURL);
  const paired = settings.OPENAI_COMPATIBLE_API_KEYS.find((entry) => server(entry.baseURL))?.key;
  const key =
    paired ??
    (isChatModelServer(server, settings) ? settings.OPENAI_COMPATIBLE_API_KEY : undefined);
  if (key !== undefined && !mayCarryKey(new URL(baseURL))) {
    throw new ModelConfigError(
      `A key is set for the model server ${new URL(baseURL).origin}, which is plain http on another machine: the key would cross the network readable. Use its https address, or reach it through this machine.`,
    );
  }
  return key;
}

function isChatModelServer(server: (url: string) => boolean, settings: KeySettings): boolean {
  if (!settings.CHAT_MODEL) return false;
  const spec = parseModelSpec(settings.CHAT_MODEL);
  return spec.provider === "openai-compatible" && server(spec.baseURL);
}

/** The same base URL, written with or without a final slash. */
function sameServer(baseURL: string): (url: string) => boolean {
  const normal = (url: string) => withoutTrailingSlashes(new URL(url).href);
  const wanted = normal(baseURL);
  return (url) => URL.canParse(url) && normal(url) === wanted;
}

function mayCarryKey(url: URL): boolean {
  if (url.protocol === "https:") return true;
  const host = url.hostname;
  return host === "localhost" || host === "[::1]" || /^127(\.\d{1,3}){3}$/.test(host);
}
