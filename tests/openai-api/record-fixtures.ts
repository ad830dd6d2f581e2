/**
 * Records fixtures/*.json from the built app on stories260K:
 *
 *   npm run build && npx tsx tests/openai-api/record-fixtures.ts
 */
import { startApp } from "../support/app-server";
import { testModelPath } from "../support/test-models";
import { exchange, type FixtureName, fixtureRequests, writeFixture } from "./fixtures";

const app = await startApp({
  CHAT_MODEL: `local:${await testModelPath("stories260K.gguf")}`,
  LLAMA_THREADS: "1",
});
try {
  for (const [name, request] of Object.entries(fixtureRequests)) {
    const fixture = await exchange(app.url, request);
    writeFixture(name as FixtureName, fixture);
    console.log(`${name}: ${fixture.response.status}`);
  }
} finally {
  await app.stop();
}
