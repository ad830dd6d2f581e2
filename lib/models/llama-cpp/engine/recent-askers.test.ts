import { expect, it } from "vitest";
import { RecentAskers } from "./recent-askers";

it("tells whether anyone else asked within the window, and forgets those who did not", () => {
  let now = 0;
  const askers = new RecentAskers(() => now, 1000);
  expect(askers.anyoneBut("agent")).toBe(false);
  askers.asked("agent");
  expect(askers.anyoneBut("agent")).toBe(false);
  askers.asked("quiet");
  expect(askers.anyoneBut("agent")).toBe(true);
  expect(askers.anyoneBut("quiet")).toBe(true);
  now = 900;
  askers.asked("agent");
  now = 1500;
  // "quiet" asked 1,500 ms ago: gone; "agent" 600 ms ago: still there.
  expect(askers.anyoneBut("agent")).toBe(false);
  expect(askers.anyoneBut("quiet")).toBe(true);
});
