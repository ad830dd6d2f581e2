import { handleOpenAIApiRequest } from "@/lib/openai-api/app-handler";

// Any other /v1 URL: the handler answers 404 in OpenAI's error envelope instead of an HTML page.
export const dynamic = "force-dynamic";
export const GET = handleOpenAIApiRequest;
export const POST = handleOpenAIApiRequest;
export const PUT = handleOpenAIApiRequest;
export const PATCH = handleOpenAIApiRequest;
export const DELETE = handleOpenAIApiRequest;
