import { expect, test } from "vitest";
import { usageCsv } from "./usage-csv";

test("usage as CSV: a header, one quoted line per row, and no formula a spreadsheet would run", () => {
  const csv = usageCsv([
    {
      day: "2026-12-01",
      person: "ada@example.com",
      model: "Qwen, small",
      messages: 2,
      inputTokens: 30,
      outputTokens: 12,
    },
    {
      day: "2026-12-01",
      person: '=HYPERLINK("x")',
      model: 'say "hi"',
      messages: 1,
      inputTokens: 5,
      outputTokens: 1,
    },
  ]);
  expect(csv.split("\r\n")).toEqual([
    "day,person,model,messages,input_tokens,output_tokens",
    '"2026-12-01","ada@example.com","Qwen, small",2,30,12',
    '"2026-12-01","\'=HYPERLINK(""x"")","say ""hi""",1,5,1',
    "",
  ]);
});
