"use client";

import { useEffect, useRef, useState } from "react";
import type { ModelStatus } from "@/lib/models/model-status";

const POLL_MS = 500;

/**
 * While `active` (a reply is awaited), the local model's download or load progress from
 * `GET /health` — until the page has seen it ready: from then on a wait is the reply's own, and a
 * turn asks for nothing but itself. A GET, not a server action: an action would re-render the
 * open chat.
 */
export function useModelStatus(active: boolean): ModelStatus | undefined {
  const [status, setStatus] = useState<ModelStatus>();
  const seenReady = useRef(false);
  useEffect(() => {
    if (!active || seenReady.current) return;
    const timer = setInterval(async () => {
      try {
        const { status: state, ...progress } = await (await fetch("/health")).json();
        setStatus({ state, ...progress } as ModelStatus);
        if (state === "ready") {
          seenReady.current = true;
          clearInterval(timer);
        }
      } catch {
        // The reply's own request reports a server that cannot be reached.
      }
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [active]);
  return active ? status : undefined;
}
