import { describe, expect, test } from "vitest";
import {
  type Access,
  accessPolicySchema,
  defaultAccessPolicy,
  fullAccess,
  limitsOf,
  mayUseModel,
  mayUseTool,
  noLimits,
} from "./access-policy";

const user = (models: "all" | string[], tools: "all" | string[]): Access => ({
  kind: "role",
  role: "user",
  rules: { models, tools, limits: noLimits },
});

describe("what a role may use", () => {
  test("everything, without accounts or for the operator's keys", () => {
    expect(mayUseModel(fullAccess, "model-x")).toBe(true);
    expect(mayUseTool(fullAccess, "files/read")).toBe(true);
  });

  test("models by their choice id", () => {
    expect(mayUseModel(user("all", []), "model-x")).toBe(true);
    expect(mayUseModel(user(["model-a"], "all"), "model-a")).toBe(true);
    expect(mayUseModel(user(["model-a"], "all"), "model-b")).toBe(false);
  });

  test("tools by their key, or every tool of a server by its name", () => {
    const some = user("all", ["files", "everything/echo"]);
    expect(mayUseTool(some, "files/read")).toBe(true);
    expect(mayUseTool(some, "everything/echo")).toBe(true);
    expect(mayUseTool(some, "everything/add")).toBe(false);
    // A server whose name starts like another's is not it.
    expect(mayUseTool(some, "files2/read")).toBe(false);
    expect(mayUseTool(user("all", []), "files/read")).toBe(false);
  });

  test("the policy's schema takes what the admin page sends, and nothing else", () => {
    expect(accessPolicySchema.parse(defaultAccessPolicy)).toEqual(defaultAccessPolicy);
    expect(
      accessPolicySchema.safeParse({ ...defaultAccessPolicy, signUp: "sometimes" }).success,
    ).toBe(false);
    expect(
      accessPolicySchema.safeParse({
        ...defaultAccessPolicy,
        roles: { ...defaultAccessPolicy.roles, user: { models: "some", tools: "all" } },
      }).success,
    ).toBe(false);
  });
});

describe("a person's own fair share", () => {
  test("a limit they have is theirs, `null` is none for them, and one left out is their role's", () => {
    const policy = accessPolicySchema.parse({
      ...defaultAccessPolicy,
      roles: {
        ...defaultAccessPolicy.roles,
        user: {
          models: "all",
          tools: "all",
          limits: { repliesAtOnce: 2, requestsPerMinute: 10, tokensPerDay: 1000 },
        },
      },
      people: { ada: { requestsPerMinute: 3, tokensPerDay: null } },
    });
    expect(limitsOf(policy, "user", "ada")).toEqual({
      repliesAtOnce: 2,
      requestsPerMinute: 3,
      tokensPerDay: null,
    });
    expect(limitsOf(policy, "user", "bob")).toEqual({
      repliesAtOnce: 2,
      requestsPerMinute: 10,
      tokensPerDay: 1000,
    });
  });
});
