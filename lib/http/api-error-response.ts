/**
 * The page's own API (`/api/*`) answers every error in one shape, `{ error: { code, message } }`:
 * `code` for the page to act on (an `invalid-request` puts the user's text back in the box), the
 * message for people. (`/v1` has OpenAI's envelope: lib/openai-api.)
 */
export type ApiErrorCode = "invalid-request" | "not-found" | (string & {});

export function apiErrorResponse(status: number, code: ApiErrorCode, message: string): Response {
  return Response.json({ error: { code, message } }, { status });
}
