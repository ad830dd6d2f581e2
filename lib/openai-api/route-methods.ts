import { handleOpenAIApiRequest } from "./app-handler";

/**
 * Every method goes to the API's handler, which answers a wrong one with OpenAI's 405 envelope
 * and an `Allow` header (Next answers an unexported method with an empty 405). Each route file
 * under app/v1 and app/health re-exports these.
 */
export const GET = handleOpenAIApiRequest;
export const POST = handleOpenAIApiRequest;
export const PUT = handleOpenAIApiRequest;
export const PATCH = handleOpenAIApiRequest;
export const DELETE = handleOpenAIApiRequest;
