import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { type RunningApp, startApp } from "../support/app-server";
import { launchChromium } from "../support/browser";
import { box, idle, lastReply, messages } from "../support/chat-page";
import {
  type ScriptedOpenAIServer,
  startScriptedOpenAIServer,
} from "../support/scripted-openai-server";
import { makeDocx, makePdf, makePng } from "../support/test-files";

/**
 * Attached files in Debian's Chromium against the built app and a scripted OpenAI-compatible
 * model that records what it was sent: real files written by the test (a PDF by pdf-lib, a DOCX
 * by `docx`, a CSV, a PNG) are attached by the button, dropped or pasted, previewed, sent, read
 * by the model with their names and pages, and kept across a reload and an edit.
 */

let browser: Browser;
let model: ScriptedOpenAIServer;
let app: RunningApp;
let dir: string;
const files: Record<string, string> = {};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "chat-files-"));
  const made: Record<string, Uint8Array> = {
    "report.pdf": await makePdf(["Quarterly report", "The secret word is heliotrope."]),
    "minutes.docx": await makeDocx(["Minutes", "The launch moves to March."]),
    "towns.csv": new TextEncoder().encode("town,people\nLyon,522000\nNantes,320000\n"),
    "photo.png": makePng(8, 8),
    "tool.exe": new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00]),
  };
  for (const [name, bytes] of Object.entries(made)) {
    files[name] = join(dir, name);
    await writeFile(files[name], bytes);
  }
  browser = await launchChromium();
  model = await startScriptedOpenAIServer();
  app = await startApp({
    CHAT_MODEL: `openai-compatible:${model.baseURL}#scripted`,
    // The scripted model "sees": the PNG goes to it as an image part.
    OPENAI_COMPATIBLE_VISION_MODELS: "scripted",
  });
}, 60_000);

afterAll(async () => {
  await app?.stop();
  await model?.close();
  await browser?.close();
});

beforeEach(() => model.reset());

/** What the model was sent last: each message's content as JSON text. */
function modelSaw(): string {
  return JSON.stringify((model.requests.at(-1) as { messages: unknown[] }).messages);
}

const chips = (page: Page) => page.locator(".composer .file-chip");

async function attach(page: Page, ...names: string[]) {
  await page.getByLabel("Files to attach").setInputFiles(names.map((name) => files[name] ?? ""));
}

/** Waits for what the server does (reading a file in its worker) as long as a loaded machine needs. */
const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 30_000 });

async function open(): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(app.url);
  return page;
}

describe("files in the conversation", () => {
  test("attach a PDF, a DOCX and a CSV, preview, send: the model reads them; a reload and an edit keep them", async () => {
    const page = await open();
    await box(page).fill("Summarise these.");
    await attach(page, "report.pdf", "minutes.docx", "towns.csv");
    await poll(() => chips(page).count()).toBe(3);
    // Each is read by the server; the PDF's chip then shows its pages.
    await poll(() => chips(page).filter({ hasText: "2 pages" }).count()).toBe(1);
    await poll(() => page.getByRole("button", { name: "Send Message" }).isEnabled()).toBe(true);

    // The preview shows the text the model will read, page by page.
    await chips(page).filter({ hasText: "report.pdf" }).locator(".file-open").click();
    const preview = page.getByRole("dialog", { name: "Preview of report.pdf" });
    await poll(() => preview.getByLabel("Page 2").innerText()).toContain("heliotrope");
    await preview.getByRole("button", { name: "Close" }).click();
    // Nothing typed was lost.
    expect(await box(page).inputValue()).toBe("Summarise these.");

    model.enqueue({ reply: ["They are a report, minutes and a table."] });
    await box(page).press("Enter");
    await idle(page);
    const saw = modelSaw();
    expect(saw).toContain('<file name=\\"report.pdf\\" pages=\\"2\\">');
    expect(saw).toContain("--- page 2 ---");
    expect(saw).toContain("The secret word is heliotrope.");
    expect(saw).toContain("The launch moves to March.");
    expect(saw).toContain("Lyon,522000");
    expect(saw).toContain("Summarise these.");
    // The box is empty again; the sent message shows its files.
    expect(await chips(page).count()).toBe(0);
    const sent = messages(page).first();
    await poll(() => sent.locator(".file-chip").count()).toBe(3);

    // After a reload the message still has its files.
    await page.reload();
    await poll(() => messages(page).first().locator(".file-chip").count()).toBe(3);

    // An edit is a new version with its files, less one removed in the edit.
    model.enqueue({ reply: ["Edited answer."] });
    await messages(page).first().getByRole("button", { name: "Edit" }).click();
    await page.getByLabel("Edit message").fill("Only the secret word, please.");
    await page.getByRole("button", { name: "Remove towns.csv" }).click();
    await page.getByRole("button", { name: "Save & Send" }).click();
    await idle(page);
    expect(modelSaw()).toContain("The secret word is heliotrope.");
    expect(modelSaw()).toContain("Only the secret word, please.");
    expect(modelSaw()).not.toContain("Lyon,522000");
    await poll(() => messages(page).first().locator(".file-chip").count()).toBe(2);
    expect(await lastReply(page).innerText()).toContain("Edited answer.");

    // Exported as JSON with its files' bytes, and imported as a new conversation that has them.
    const id = new URL(page.url()).pathname.split("/").pop();
    const exported = await page.request.get(
      `${app.url}/api/conversations/${id}/export?format=json`,
    );
    const json = (await exported.json()) as {
      files: Array<{ name: string; base64: string }>;
    };
    expect(json.files.map((file) => file.name).sort()).toEqual([
      "minutes.docx",
      "report.pdf",
      "towns.csv",
    ]);
    const pdfBytes = Buffer.from(
      json.files.find((f) => f.name === "report.pdf")?.base64 ?? "",
      "base64",
    );
    expect(pdfBytes.subarray(0, 5).toString()).toBe("%PDF-");
    const imported = await page.request.post(`${app.url}/api/conversations/import`, {
      headers: { "content-type": "application/json" },
      data: JSON.stringify({ ...json, title: "Imported with files" }),
    });
    expect(imported.status()).toBe(200);
    const report = (await imported.json()) as { imported: number; firstId: string };
    expect(report.imported).toBe(1);
    await page.goto(`${app.url}/c/${report.firstId}`);
    // Both versions of the first message kept their files; the one shown (the edit) has two.
    await poll(() => messages(page).first().locator(".file-chip").count()).toBe(2);
    model.enqueue({ reply: ["Still here."] });
    await box(page).fill("And the launch?");
    await page.keyboard.press("Enter");
    await idle(page);
    expect(modelSaw()).toContain("The launch moves to March.");
    await page.close();
  });

  test("an image goes to the model as an image; a refused file says why and keeps what was typed", async () => {
    const page = await open();
    await box(page).fill("What colour is it?");
    await attach(page, "photo.png", "tool.exe");
    const refused = chips(page).filter({ hasText: "tool.exe" });
    await poll(() => refused.locator(".file-error").innerText()).toContain(
      "is not a kind of file this chat reads",
    );
    const photo = chips(page).filter({ hasText: "photo.png" });
    await poll(() => photo.locator("img.thumbnail").count()).toBe(1);
    expect(await box(page).inputValue()).toBe("What colour is it?");
    await refused.getByRole("button", { name: "Remove tool.exe" }).click();
    expect(await chips(page).count()).toBe(1);
    model.enqueue({ reply: ["Red."] });
    await page.getByRole("button", { name: "Send Message" }).click();
    await idle(page);
    expect(modelSaw()).toContain('"type":"image_url"');
    expect(modelSaw()).toContain("data:image/png;base64,");
    await page.close();
  });

  test("/health answers while a large PDF is being read", async () => {
    const pdf = await makePdf(
      Array.from(
        { length: 1_500 },
        (_, i) => `Page ${i + 1}\n${"Lorem ipsum dolor sit amet. ".repeat(8)}`,
      ),
    );
    const page = await open();
    const conversation = `health-check-${Date.now()}`.padEnd(20, "0");
    let uploadDone = false;
    const uploadResponse = page.request
      .post(`${app.url}/api/conversations/${conversation}/files?name=big.pdf`, {
        headers: { "content-type": "application/octet-stream" },
        data: Buffer.from(pdf),
        timeout: 60_000,
      })
      .finally(() => {
        uploadDone = true;
      });
    // Once the upload is on its way, the server answers /health before the file is read.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const health = await fetch(`${app.url}/health`);
    expect(health.status).toBe(200);
    const answeredWhileReading = !uploadDone;
    const uploaded = await uploadResponse;
    expect(uploaded.status()).toBe(201);
    expect(((await uploaded.json()) as { file: { pages: number } }).file.pages).toBe(1_500);
    expect(answeredWhileReading).toBe(true);
    await page.close();
  });

  test("a file dropped on the page is attached", async () => {
    const page = await open();
    const bytes = Array.from(new TextEncoder().encode("# Dropped notes\nThe code is 4417.\n"));
    const transfer = await page.evaluateHandle((data) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(data)], "notes.md", { type: "text/markdown" }));
      return dt;
    }, bytes);
    await page
      .locator("main[data-slot=chat]")
      .dispatchEvent("dragover", { dataTransfer: transfer });
    await page.locator("main[data-slot=chat]").dispatchEvent("drop", { dataTransfer: transfer });
    await poll(() => chips(page).filter({ hasText: "notes.md" }).count()).toBe(1);
    await poll(() => page.getByRole("button", { name: "Send Message" }).isEnabled()).toBe(true);
    model.enqueue({ reply: ["4417."] });
    await page.getByRole("button", { name: "Send Message" }).click();
    await idle(page);
    expect(modelSaw()).toContain("The code is 4417.");
    await page.close();
  });

  test("with several participants: each message shows its files, and each participant's model reads them", async () => {
    const page = await open();
    model.enqueue({ reply: ["Hello from the assistant."] });
    await box(page).fill("Hi");
    await page.keyboard.press("Enter");
    await idle(page);
    await page.getByRole("button", { name: "Settings" }).click();
    await page.getByRole("button", { name: "Add participant" }).click();
    const row = page.locator(".participant").nth(1);
    await row.getByLabel("Name").fill("Grace");
    await row.getByLabel("System prompt").fill("You are Grace, a pirate.");
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByText("Saved. The next reply uses these settings.").waitFor();

    await box(page).fill("@Grace what does the report say?");
    await attach(page, "report.pdf");
    await poll(() => chips(page).filter({ hasText: "2 pages" }).count()).toBe(1);
    model.enqueue({ reply: ["Arr, heliotrope."] });
    await box(page).press("Enter");
    await idle(page);
    // Grace's seat: the file's text with the user's words.
    expect(modelSaw()).toContain("You are Grace, a pirate.");
    expect(modelSaw()).toContain("The secret word is heliotrope.");
    expect(modelSaw()).toContain("@Grace what does the report say?");
    const asked = messages(page).filter({ hasText: "@Grace what does the report say?" });
    await poll(() => asked.locator(".file-chip").filter({ hasText: "report.pdf" }).count()).toBe(1);

    // The next in turn (the assistant) reads it as well.
    model.enqueue({ reply: ["The assistant agrees."] });
    await page.getByRole("button", { name: "Continue", exact: true }).click();
    await poll(() => lastReply(page).innerText()).toContain("The assistant agrees.");
    await idle(page);
    expect(modelSaw()).toContain("The secret word is heliotrope.");
    expect(modelSaw()).toContain("Grace: Arr, heliotrope.");

    await page.reload();
    const kept = messages(page).filter({ hasText: "@Grace what does the report say?" });
    await poll(() => kept.locator(".file-chip").filter({ hasText: "report.pdf" }).count()).toBe(1);
    await page.close();
  });
});
