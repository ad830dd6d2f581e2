import "server-only";
import { getChatStore } from "@/lib/store";
import { FairShares } from "./fair-shares";

const key = Symbol.for("chat.accounts.fairShares");
type Holder = { [key]?: FairShares };

/**
 * The process's one count of fair shares, for the page and /v1 alike (kept on `globalThis`: Next
 * may load this module once per bundle). Tokens of the day come from the usage rows.
 */
export function getFairShares(): FairShares {
  const holder = globalThis as Holder;
  holder[key] ??= new FairShares(async (ownerId, day) => {
    const rows = await (await getChatStore()).usageReport({ fromDay: day, toDay: day, ownerId });
    return rows.reduce((sum, row) => sum + row.inputTokens + row.outputTokens, 0);
  });
  return holder[key];
}
