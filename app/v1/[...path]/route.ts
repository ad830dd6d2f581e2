// Any other /v1 URL: the handler answers 404 in OpenAI's error envelope instead of an HTML page.
export const dynamic = "force-dynamic";
export { DELETE, GET, PATCH, POST, PUT } from "@/lib/openai-api/route-methods";
