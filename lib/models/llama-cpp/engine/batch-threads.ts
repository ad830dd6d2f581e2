import type { BatchItem, Llama, PrioritizedBatchItem } from "node-llama-cpp";
import { type ThreadPlan, threadsForBatch } from "./thread-plan";

/**
 * node-llama-cpp 3 fixes a context's thread count at creation, but before every batch it asks
 * the Llama instance's thread splitter how many of the context's ideal threads it may use, and
 * the splitter allots at most `llama.maxThreads` (a public setter). Its batch prioritization
 * strategy (a public option) sees each batch before it is decoded. Together they let the thread
 * count follow the batch: this strategy shares the batch fairly between the waiting sequences, as
 * node-llama-cpp's default "maximumParallelism" does, then sets `maxThreads` from the plan for
 * the batch's size. The context must be created with `threads: { ideal: maxThreadsOf(plan), min: 1 }`.
 */
export function threadsPerBatchStrategy(llama: Llama, plan: ThreadPlan) {
  return (options: { items: readonly BatchItem[]; size: number }): PrioritizedBatchItem[] => {
    const batch = shareBatch(options.items, options.size);
    const tokens = batch.reduce((sum, entry) => sum + entry.processAmount, 0);
    llama.maxThreads = threadsForBatch(plan, tokens);
    return batch;
  };
}

/**
 * Each waiting sequence gets an equal share of the batch (a decoding conversation needs 1 token,
 * so it is never held up by another's long prompt); what is left goes to the first that want more.
 */
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
