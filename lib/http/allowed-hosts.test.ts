import { describe, expect, test } from "vitest";
import {
  allowedHostsFrom,
  isAllowedHostHeader,
  isAllowedOrigin,
  isLoopbackHost,
  parseHostName,
} from "./allowed-hosts";

const loopbackOnly = allowedHostsFrom({ host: "127.0.0.1", port: 3000, extra: [] });

describe("allowed hosts", () => {
  test.each([
    ["127.0.0.1:3000", true],
    ["localhost:3000", true],
    ["LOCALHOST:3000", true],
    ["[::1]:3000", true],
    ["127.0.0.1:3001", false],
    ["127.0.0.1", false],
    ["attacker.example:3000", false],
    ["localhost.:3000", false],
    ["127.0.0.1:3000@attacker.example", false],
    ["", false],
    [null, false],
  ])("by default, Host %j is answered: %s", (host, allowed) => {
    expect(isAllowedHostHeader(loopbackOnly, host)).toBe(allowed);
  });

  test("CHAT_ALLOWED_HOSTS adds names, with a port or on any port", () => {
    const hosts = allowedHostsFrom({
      host: "0.0.0.0",
      port: 3000,
      extra: ["chat.example.com", "192.168.1.5:3000"],
    });
    expect(isAllowedHostHeader(hosts, "chat.example.com")).toBe(true);
    expect(isAllowedHostHeader(hosts, "chat.example.com:8443")).toBe(true);
    expect(isAllowedHostHeader(hosts, "192.168.1.5:3000")).toBe(true);
    expect(isAllowedHostHeader(hosts, "192.168.1.5:8080")).toBe(false);
    // A wildcard address is not a name anyone sends.
    expect(isAllowedHostHeader(hosts, "0.0.0.0:3000")).toBe(false);
  });

  test("HOST set to one address is one of the names", () => {
    const hosts = allowedHostsFrom({ host: "10.0.0.7", port: 8080, extra: [] });
    expect(isAllowedHostHeader(hosts, "10.0.0.7:8080")).toBe(true);
    const v6 = allowedHostsFrom({ host: "fd00::7", port: 8080, extra: [] });
    expect(isAllowedHostHeader(v6, "[fd00::7]:8080")).toBe(true);
  });

  test.each([
    ["http://127.0.0.1:3000", true],
    ["http://localhost:3000", true],
    ["http://localhost:4000", false],
    ["http://attacker.example:3000", false],
    ["null", false],
    ["file://", false],
  ])("Origin %j is the app's: %s", (origin, allowed) => {
    expect(isAllowedOrigin(loopbackOnly, origin)).toBe(allowed);
  });

  test("an https Origin without a port is on 443", () => {
    const hosts = allowedHostsFrom({
      host: "127.0.0.1",
      port: 3000,
      extra: ["chat.example.com:443"],
    });
    expect(isAllowedOrigin(hosts, "https://chat.example.com")).toBe(true);
    expect(isAllowedOrigin(hosts, "http://chat.example.com")).toBe(false);
  });

  test("names are parsed strictly", () => {
    expect(parseHostName("chat.example.com:443")).toEqual({
      hostname: "chat.example.com",
      port: 443,
    });
    expect(parseHostName("[::1]")).toEqual({ hostname: "[::1]" });
    expect(parseHostName("host:0")).toBeUndefined();
    expect(parseHostName("host:99999")).toBeUndefined();
    expect(parseHostName("a b")).toBeUndefined();
    expect(parseHostName("http://host")).toBeUndefined();
  });

  test.each([
    ["127.0.0.1", true],
    ["127.1.2.3", true],
    ["localhost", true],
    ["::1", true],
    ["0.0.0.0", false],
    ["::", false],
    ["192.168.1.5", false],
    ["chat.example.com", false],
  ])("HOST=%s stays on this machine: %s", (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });
});
