import { OpenAIApiError } from "./openai-api-error";

/** Refuses a method the URL does not take with the envelope's 405 and the `Allow` it takes. */
export function allowMethods(request: Request, ...methods: Array<"GET" | "POST" | "DELETE">) {
  if (methods.includes(request.method as "GET")) return;
  if (request.method === "HEAD" && methods.includes("GET")) return;
  const allow = methods.flatMap((method) => (method === "GET" ? ["GET", "HEAD"] : [method]));
  throw new OpenAIApiError("method_not_allowed", {
    message: `${request.method} is not allowed here; use ${methods.join(" or ")}.`,
    allow,
  });
}
