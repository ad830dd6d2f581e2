import { describe, expect, test, vi } from "vitest";
import { onResponseEnd } from "./on-response-end";

const encoder = new TextEncoder();

function streamed(chunks: string[], fail?: Error) {
  return new Response(
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
        if (fail) controller.error(fail);
        else controller.close();
      },
    }),
  );
}

describe("a response's end", () => {
  test("read to its end: done once, after the last chunk, with the body unchanged", async () => {
    const done = vi.fn();
    const response = onResponseEnd(streamed(["a", "b"]), done);
    expect(done).not.toHaveBeenCalled();
    expect(await response.text()).toBe("ab");
    expect(done).toHaveBeenCalledOnce();
  });

  test("cancelled by its reader, or failed: done once", async () => {
    const cancelled = vi.fn();
    const reader = onResponseEnd(streamed(["a", "b"]), cancelled).body?.getReader();
    await reader?.read();
    await reader?.cancel();
    expect(cancelled).toHaveBeenCalledOnce();

    const failed = vi.fn();
    await expect(
      onResponseEnd(streamed(["a"], new Error("boom")), failed).text(),
    ).rejects.toThrow();
    expect(failed).toHaveBeenCalledOnce();
  });

  test("no body: done at once", () => {
    const done = vi.fn();
    const response = onResponseEnd(new Response(null, { status: 204 }), done);
    expect(response.status).toBe(204);
    expect(done).toHaveBeenCalledOnce();
  });
});
