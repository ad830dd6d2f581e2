import { describe, expect, it } from "vitest";
import { PROMPT_SLICE_TOKENS, PrefillGate } from "./prefill-gate";

/** A context as the gate sees it: its schedule, and the batches it was let start. */
function context(gate: PrefillGate<string>, name: string) {
  const schedule = gate.scheduleFor(name);
  const state = { started: 0 };
  return {
    state,
    /** Asks for the next batch, as node-llama-cpp does when a decode is queued. */
    ask: () => schedule(() => state.started++),
  };
}

describe("PrefillGate", () => {
  it("lets every context start its batches while nobody's prompt goes first", () => {
    const gate = new PrefillGate<string>();
    const a = context(gate, "a");
    const b = context(gate, "b");
    a.ask();
    b.ask();
    a.ask();
    expect([a.state.started, b.state.started]).toEqual([2, 1]);
    expect(gate.shut).toBe(false);
  });

  it("holds the others' batches while a prompt is evaluated, and lets that prompt's through", () => {
    const gate = new PrefillGate<string>();
    const flood = context(gate, "flood");
    const quiet = context(gate, "quiet");
    const end = gate.prioritize("quiet", () => false);
    flood.ask();
    quiet.ask();
    quiet.ask(); // a prompt longer than one batch asks again before it is evaluated
    expect(gate.shut).toBe(true);
    expect(flood.state.started).toBe(0);
    expect(gate.holding).toBe(1);
    expect(quiet.state.started).toBe(2);
    end();
  });

  it("opens when the prompt's context asks for its first token's batch, and starts what it held", () => {
    const gate = new PrefillGate<string>();
    const flood = context(gate, "flood");
    const other = context(gate, "other");
    const quiet = context(gate, "quiet");
    let evaluated = false;
    gate.prioritize("quiet", () => evaluated);
    quiet.ask();
    flood.ask();
    other.ask();
    expect(flood.state.started + other.state.started).toBe(0);
    evaluated = true;
    quiet.ask();
    expect(gate.shut).toBe(false);
    expect([flood.state.started, other.state.started, quiet.state.started]).toEqual([1, 1, 2]);
    flood.ask();
    expect(flood.state.started).toBe(2);
  });

  it("opens when the request ends before its prompt is evaluated (failed, aborted), once", () => {
    const gate = new PrefillGate<string>();
    const flood = context(gate, "flood");
    const end = gate.prioritize("quiet", () => false);
    flood.ask();
    expect(flood.state.started).toBe(0);
    end();
    expect(flood.state.started).toBe(1);
    expect(gate.shut).toBe(false);
    // Ending again after the same context went first once more does not end the new priority.
    const again = gate.prioritize("quiet", () => false);
    end();
    expect(gate.shut).toBe(true);
    again();
    expect(gate.shut).toBe(false);
  });

  it("opens by itself after the longest pause, whatever the prompt does", async () => {
    const gate = new PrefillGate<string>({ maxPauseMs: 20 });
    const flood = context(gate, "flood");
    gate.prioritize("quiet", () => false);
    flood.ask();
    expect(flood.state.started).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(flood.state.started).toBe(1);
    expect(gate.shut).toBe(false);
  });

  it("stays shut until every prompt going first is evaluated", () => {
    const gate = new PrefillGate<string>();
    const flood = context(gate, "flood");
    const first = context(gate, "first");
    const second = context(gate, "second");
    let firstDone = false;
    let secondDone = false;
    gate.prioritize("first", () => firstDone);
    gate.prioritize("second", () => secondDone);
    expect(gate.prioritized).toBe(2);
    flood.ask();
    first.ask();
    second.ask();
    expect([first.state.started, second.state.started, flood.state.started]).toEqual([1, 1, 0]);
    firstDone = true;
    first.ask();
    expect(flood.state.started).toBe(0);
    secondDone = true;
    second.ask();
    expect(flood.state.started).toBe(1);
  });

  it("starts a context's held batch at once when that context's prompt goes first", () => {
    const gate = new PrefillGate<string>();
    const late = context(gate, "late");
    const end = gate.prioritize("quiet", () => false);
    late.ask();
    expect(late.state.started).toBe(0);
    gate.prioritize("late", () => false);
    expect(late.state.started).toBe(1);
    end();
  });

  it("opens for everyone when told to (disposal)", () => {
    const gate = new PrefillGate<string>();
    const flood = context(gate, "flood");
    gate.prioritize("a", () => false);
    gate.prioritize("b", () => false);
    flood.ask();
    gate.openAll();
    expect(flood.state.started).toBe(1);
    expect(gate.shut).toBe(false);
  });
});

describe("prompt slices", () => {
  const prompt = (length: number) => ({ tokens: Array.from({ length }, (_, i) => i) });

  it("cuts a prompt into small slices while other contexts generate, so a newcomer waits one slice at most", () => {
    const gate = new PrefillGate<string>();
    const strategy = gate.strategyFor("flood", () => true);
    const item = prompt(60);
    expect(strategy({ items: [item], size: 512 })).toEqual([
      { item, processAmount: PROMPT_SLICE_TOKENS },
    ]);
    // One token (a reply's next) is one token.
    const next = prompt(1);
    expect(strategy({ items: [next], size: 512 })).toEqual([{ item: next, processAmount: 1 }]);
  });

  it("gives the whole batch to a prompt going first, and to a context decoding alone", () => {
    const gate = new PrefillGate<string>();
    const item = prompt(60);
    const end = gate.prioritize("quiet", () => false);
    expect(gate.strategyFor("quiet", () => true)({ items: [item], size: 512 })).toEqual([
      { item, processAmount: 60 },
    ]);
    end();
    // Not going first any more: sliced again while others generate.
    expect(
      gate.strategyFor("quiet", () => true)({ items: [item], size: 512 })[0]?.processAmount,
    ).toBe(PROMPT_SLICE_TOKENS);
    // Alone, a prompt is evaluated in batches as large as the context allows.
    expect(gate.strategyFor("alone", () => false)({ items: [item], size: 32 })).toEqual([
      { item, processAmount: 32 },
    ]);
  });
});
