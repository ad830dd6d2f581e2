import { LlamaCppError } from "../llama-cpp-error";

interface Call<I, R> {
  inputs: readonly I[];
  results: R[];
  /** The next input to start. */
  next: number;
  resolve: (results: R[]) => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/**
 * Runs the inputs of embedding calls one at a time through `run` (the one embedding context).
 * Calls take turns input by input, so the one input of a question is not held up behind a
 * 2,048-chunk document that started first. A call whose signal aborts leaves at once: its inputs
 * not yet started are dropped. At most `maxCalls` calls are in the queue; more are refused
 * (`queue-full`) rather than left to pile up.
 */
export class EmbeddingQueue<I, R> {
  /** Calls with inputs still to start, the next to take a turn first. */
  private readonly calls: Call<I, R>[] = [];
  /** Calls not answered yet: waiting, or with an input being embedded. */
  private unanswered = 0;
  private running = false;

  constructor(
    private readonly run: (input: I) => Promise<R>,
    private readonly maxCalls: number = Number.POSITIVE_INFINITY,
  ) {}

  submit(inputs: readonly I[], signal?: AbortSignal): Promise<R[]> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (inputs.length === 0) return Promise.resolve([]);
    if (this.unanswered >= this.maxCalls) {
      return Promise.reject(
        new LlamaCppError({
          code: "queue-full",
          message: `The embedding model is busy: ${this.unanswered} calls are already waiting. Try again shortly.`,
        }),
      );
    }
    return new Promise<R[]>((resolve, reject) => {
      const call: Call<I, R> = {
        inputs,
        results: new Array<R>(inputs.length),
        next: 0,
        resolve,
        reject,
        signal,
        onAbort: () => {
          const index = this.calls.indexOf(call);
          if (index >= 0) this.calls.splice(index, 1);
          this.unanswered--;
          reject(signal?.reason);
        },
      };
      signal?.addEventListener("abort", call.onAbort, { once: true });
      this.unanswered++;
      this.calls.push(call);
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      for (let call = this.calls.shift(); call; call = this.calls.shift()) {
        const index = call.next++;
        let failure: { error: unknown } | undefined;
        try {
          call.results[index] = await this.run(call.inputs[index] as I);
        } catch (error) {
          failure = { error };
        }
        // Aborted meanwhile: already answered, and its other inputs are dropped.
        if (call.signal?.aborted) continue;
        if (failure) this.answer(call, () => call.reject(failure.error));
        else if (call.next === call.inputs.length)
          this.answer(call, () => call.resolve(call.results));
        // Round robin: back of the line for its next input, behind calls that came meanwhile.
        else this.calls.push(call);
      }
    } finally {
      this.running = false;
    }
  }

  private answer(call: Call<I, R>, settle: () => void): void {
    call.signal?.removeEventListener("abort", call.onAbort);
    this.unanswered--;
    settle();
  }
}
