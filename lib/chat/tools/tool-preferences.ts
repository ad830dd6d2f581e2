import { z } from "zod";

/**
 * A conversation's choices about its tools, by tool key (`<server>/<tool>`, the server's own
 * name for the tool, so a key keeps its meaning when another server adds a tool of the same
 * name). Tools are on unless listed in `off` — a server added later brings its tools in on — and
 * each call waits for the user's approval unless its tool is in `alwaysAllowed`.
 */
export const toolPreferencesSchema = z.object({
  off: z.array(z.string().max(200)).max(1000).default([]),
  alwaysAllowed: z.array(z.string().max(200)).max(1000).default([]),
});

export type ToolPreferences = z.infer<typeof toolPreferencesSchema>;

export const defaultToolPreferences: ToolPreferences = { off: [], alwaysAllowed: [] };

export function toolKey(tool: { server: string; serverToolName: string }): string {
  return `${tool.server}/${tool.serverToolName}`;
}
