import { createHash } from "node:crypto";

/**
 * The `signature` of a thinking block we send: a digest of its text. Anthropic signs its models'
 * thinking so that it can verify a block sent back; clients keep a block only when it has a
 * signature (the AI SDK drops unsigned reasoning instead of sending it back, which would change
 * the next prompt). This server reads thinking sent back as text and checks no signature.
 */
export function thinkingSignature(thinking: string): string {
  return createHash("sha256").update(thinking).digest("base64");
}
