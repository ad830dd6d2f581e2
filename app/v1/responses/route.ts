export const dynamic = "force-dynamic";
// Above CHAT_TOTAL_TIMEOUT_MS's default (15 min), so a reply ends by our limit, with our message.
// (GET/DELETE /v1/responses/{id} and input_items reach the handler through app/v1/[...path].)
export const maxDuration = 960;
export { DELETE, GET, PATCH, POST, PUT } from "@/lib/openai-api/route-methods";
