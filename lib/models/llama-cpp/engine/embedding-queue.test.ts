import { describe, expect, it } from "vitest";
import { LlamaCppError } from "../llama-cpp-error";
import { EmbeddingQueue } from "./embedding-queue";

/** A `run` whose calls wait until the test lets them finish, recording the order they ran in. */
function controlledRun() {
  const started: string[] = [];
  const pending: Array<{ input: string; finish: () => void; fail: (e: unknown) => void }> = [];
  let running = 0;
  let most = 0;
  const run = (input: string) =>
    new Promise<string>((resolve, reject) => {
      started.push(input);
      running++;
      most = Math.max(most, running);
      pending.push({
        input,
        finish: () => {
          running--;
          resolve(`v(${input})`);
        },
        fail: (error) => {
          running--;
          reject(error);
        },
      });
    });
  /** Lets every started input finish, until nothing more starts. */
  const finishAll = async () => {
    for (let next = pending.shift(); next; next = pending.shift()) {
      next.finish();
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { run, started, pending, finishAll, most: () => most };
}

describe("EmbeddingQueue", () => {
  it("runs one input at a time and answers each call with its results in order", async () => {
    const control = controlledRun();
    const queue = new EmbeddingQueue(control.run);
    const call = queue.submit(["a", "b", "c"]);
    await control.finishAll();
    await expect(call).resolves.toEqual(["v(a)", "v(b)", "v(c)"]);
    expect(control.most()).toBe(1);
  });

  it("calls take turns input by input: a later one-input call is not stuck behind a long one", async () => {
    const control = controlledRun();
    const queue = new EmbeddingQueue(control.run);
    const long = queue.submit(["L1", "L2", "L3", "L4"]);
    const short = queue.submit(["S1"]);
    const other = queue.submit(["O1", "O2"]);
    await control.finishAll();
    expect(control.started).toEqual(["L1", "S1", "O1", "L2", "O2", "L3", "L4"]);
    await expect(short).resolves.toEqual(["v(S1)"]);
    await expect(other).resolves.toEqual(["v(O1)", "v(O2)"]);
    await expect(long).resolves.toEqual(["v(L1)", "v(L2)", "v(L3)", "v(L4)"]);
  });

  it("an aborted call rejects at once with the reason and its inputs not yet started are dropped", async () => {
    const control = controlledRun();
    const queue = new EmbeddingQueue(control.run);
    const controller = new AbortController();
    const aborted = queue.submit(["A1", "A2", "A3"], controller.signal);
    const kept = queue.submit(["K1"]);
    expect(control.started).toEqual(["A1"]);
    controller.abort(new Error("client went away"));
    await expect(aborted).rejects.toThrow("client went away");
    await control.finishAll();
    expect(control.started).toEqual(["A1", "K1"]);
    await expect(kept).resolves.toEqual(["v(K1)"]);
  });

  it("an already aborted signal is refused without running anything", async () => {
    const control = controlledRun();
    const queue = new EmbeddingQueue(control.run);
    await expect(queue.submit(["x"], AbortSignal.abort(new Error("gone")))).rejects.toThrow("gone");
    expect(control.started).toEqual([]);
  });

  it("a failing input fails its call only; the others go on", async () => {
    const control = controlledRun();
    const queue = new EmbeddingQueue(control.run);
    const failing = queue.submit(["F1", "F2"]);
    const fine = queue.submit(["G1"]);
    control.pending.shift()?.fail(new Error("decode failed"));
    await expect(failing).rejects.toThrow("decode failed");
    await control.finishAll();
    await expect(fine).resolves.toEqual(["v(G1)"]);
    expect(control.started).toEqual(["F1", "G1"]);
  });

  it("refuses a call beyond maxCalls waiting, as queue-full", async () => {
    const control = controlledRun();
    const queue = new EmbeddingQueue(control.run, 2);
    const first = queue.submit(["a", "b"]);
    const second = queue.submit(["c"]);
    const refused = await queue.submit(["d"]).catch((error: unknown) => error);
    expect(LlamaCppError.isInstance(refused) && refused.code).toBe("queue-full");
    await control.finishAll();
    await expect(first).resolves.toHaveLength(2);
    await expect(second).resolves.toHaveLength(1);
    // Room again once the calls are answered.
    const later = queue.submit(["e"]);
    await control.finishAll();
    await expect(later).resolves.toEqual(["v(e)"]);
  });

  it("answers an empty call at once", async () => {
    const control = controlledRun();
    await expect(new EmbeddingQueue(control.run).submit([])).resolves.toEqual([]);
  });
});
