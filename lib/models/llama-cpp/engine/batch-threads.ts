import type { BatchItem, PrioritizedBatchItem } from "node-llama-cpp";
import { type ThreadPlan, threadsForBatch } from "./thread-plan";

/**
 * A context's `batching.threadsForBatch` (an option patches/node-llama-cpp+3.22.1.patch adds;
 * decision 0007): how many threads decode a batch, from the plan for the batch's size. In
 * parallel decoding (a context per sequence, decision 0010) the contexts run side by side, so
 * while more than one is generating each takes the plan's count for one token — on 2 cores two
 * contexts of one thread each, never one of two threads beside another (ggml's threads wait for
 * each other spinning, and a shared core makes that wait long).
 */
export function threadsForBatches(
  plan: ThreadPlan,
  /** Contexts generating now; 1 for a single context whose sequences decode in one batch. */
  generating: () => number = () => 1,
) {
  return (batchTokens: number): number => threadsForBatch(plan, generating() > 1 ? 1 : batchTokens);
}

/**
 * The batch prioritization strategy of a context with several sequences: each waiting sequence
 * gets an equal share of the batch (a decoding conversation needs 1 token, so it is never held up
 * by another's long prompt); what is left goes to the first that want more. As node-llama-cpp's
 * default "maximumParallelism" does.
 */
export function shareBatchStrategy(options: {
  items: readonly BatchItem[];
  size: number;
}): PrioritizedBatchItem[] {
  return shareBatch(options.items, options.size);
}

export function shareBatch(items: readonly BatchItem[], size: number): PrioritizedBatchItem[] {
  const share = Math.max(1, Math.floor(size / Math.max(1, items.length)));
  let left = size;
  const batch: PrioritizedBatchItem[] = [];
  for (const item of items) {
    if (left <= 0) break;
    const processAmount = Math.min(item.tokens.length, share, left);
    batch.push({ item, processAmount });
    left -= processAmount;
  }
  for (const entry of batch) {
    if (left <= 0) break;
    const more = Math.min(entry.item.tokens.length - entry.processAmount, left);
    entry.processAmount += more;
    left -= more;
  }
  return batch;
}
