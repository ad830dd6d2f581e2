import { isHttpsRequest } from "@/lib/session/request-protocol";
import { signInCookieName, verifySignIn } from "@/lib/session/sign-in-cookie";
import { type AllowedHosts, isAllowedHostHeader, isAllowedOrigin } from "./allowed-hosts";

/**
 * The checks every request passes before any route runs (proxy.ts; and the import route, which
 * the proxy leaves out so as not to buffer its body): the `Host` is one of the server's names; a
 * request that changes something comes from the app's own page, as JSON; and, while the operator's
 * keys protect the app, the page and its API have been signed in to.
 */
export interface RequestGuardOptions {
  allowedHosts: AllowedHosts;
  /** Set while CHAT_API_KEYS is: the page and its API need a sign-in with one of these keys. */
  signIn?: { secret: string; keyIds: ReadonlySet<string> };
  /**
   * CHAT_AUTH=accounts: the page and its API need a person's session. Here only its cookie is
   * looked for (no database in the proxy, as Better Auth advises); every route checks the session
   * itself.
   */
  accounts?: { sessionCookies: readonly string[] };
}

/** Why a request is refused, said once; refusalResponse shapes it for the path's clients. */
export interface Refusal {
  status: 401 | 403 | 415 | 421;
  code: "misdirected-request" | "cross-site-request" | "unsupported-media-type" | "sign-in-needed";
  message: string;
}

/** What answers a path: the page, its own API, the OpenAI-compatible API, or build files. */
export type PathKind = "page" | "page-api" | "openai-api" | "static";

export function pathKind(pathname: string): PathKind {
  if (pathname === "/v1" || pathname.startsWith("/v1/") || pathname === "/health") {
    return "openai-api";
  }
  if (pathname.startsWith("/api/")) return "page-api";
  if (pathname.startsWith("/_next/") || pathname === "/favicon.ico") return "static";
  return "page";
}

/** Paths open without a sign-in: the sign-in page and the request it makes. */
export const SIGN_IN_PAGE = "/sign-in";
export const SIGN_IN_API = "/api/session";
/** With accounts, also: making an account, setting a new password, and Better Auth's own API. */
const ACCOUNT_PAGES = new Set([SIGN_IN_PAGE, "/sign-up", "/reset-password"]);
const AUTH_API = "/api/auth/";

const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * The first check a request fails, or undefined when it passes them all. `cookieOf` reads one of
 * the request's cookies (the proxy's and a route's cookie jars differ).
 */
export async function checkRequest(
  request: Request,
  options: RequestGuardOptions,
  cookieOf: (name: string) => string | undefined,
): Promise<Refusal | undefined> {
  if (!isAllowedHostHeader(options.allowedHosts, request.headers.get("host"))) {
    return {
      status: 421,
      code: "misdirected-request",
      message:
        "This server does not answer to the name this request was sent to. If it is the server's name, its operator adds it to CHAT_ALLOWED_HOSTS.",
    };
  }
  const { pathname } = new URL(request.url);
  const kind = pathKind(pathname);
  if (STATE_CHANGING.has(request.method)) {
    const refusal =
      checkSender(request, options.allowedHosts) ??
      (request.method === "POST" ? checkBodyType(request, kind) : undefined);
    if (refusal) return refusal;
  }
  if (options.accounts && needsSession(kind, pathname)) {
    if (!options.accounts.sessionCookies.some((name) => cookieOf(name))) {
      return {
        status: 401,
        code: "sign-in-needed",
        message: `Sign in first (${SIGN_IN_PAGE}).`,
      };
    }
  } else if (options.signIn && needsSignIn(kind, pathname)) {
    const cookie = cookieOf(signInCookieName(isHttpsRequest(request.headers, request.url)));
    if (!(await verifySignIn(cookie, options.signIn.secret, options.signIn.keyIds))) {
      return {
        status: 401,
        code: "sign-in-needed",
        message: `Sign in first (${SIGN_IN_PAGE}): this server asks for one of its keys.`,
      };
    }
  }
  return undefined;
}

/**
 * A request that changes something must come from the app's own page. Browsers say where a request
 * comes from in `Sec-Fetch-Site` (refused: another site, or another origin of this site such as
 * another port of localhost or a sibling subdomain) and in `Origin` (refused: a name that is not
 * the server's, or `null`). Requests with neither, from programs rather than browsers, pass: a
 * page cannot send one without.
 */
function checkSender(request: Request, allowedHosts: AllowedHosts): Refusal | undefined {
  const site = request.headers.get("sec-fetch-site");
  const origin = request.headers.get("origin");
  if (
    site === "cross-site" ||
    site === "same-site" ||
    (origin !== null && !isAllowedOrigin(allowedHosts, origin))
  ) {
    return {
      status: 403,
      code: "cross-site-request",
      message:
        "This request came from a page other than this app's own, so it is refused. Use the app's page, or send it from a program (without Origin).",
    };
  }
  return undefined;
}

/**
 * POST bodies are JSON, said so (a file's upload: its bytes, see below): a cross-origin page cannot send `application/json` without the
 * browser asking first (a CORS preflight, which this server never allows), so this closes what
 * the checks above might miss in an older browser. PUT, PATCH and DELETE always need that
 * preflight, so they need no such check (an SDK's DELETE has no body and no type). Next's server actions post text or form data
 * to pages and are checked by Next itself (their Origin against Host, which must be allowed).
 */
function checkBodyType(request: Request, kind: PathKind): Refusal | undefined {
  if (kind === "page" && request.headers.has("next-action")) return undefined;
  const type = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (type === "application/json") return undefined;
  // An attached file's upload is its raw bytes. `application/octet-stream` is no more a "simple"
  // type than JSON: a cross-origin page cannot send it without the preflight this server never
  // allows. Only on the upload route.
  if (type === "application/octet-stream" && isUploadPath(new URL(request.url).pathname)) {
    return undefined;
  }
  return {
    status: 415,
    code: "unsupported-media-type",
    message: "This request must send its body as JSON, with Content-Type: application/json.",
  };
}

/** `/api/conversations/<id>/files`: the one route whose body is a file's bytes. */
function isUploadPath(pathname: string): boolean {
  const segments = pathname.split("/");
  return (
    segments.length === 5 &&
    segments[1] === "api" &&
    segments[2] === "conversations" &&
    segments[3] !== "" &&
    segments[4] === "files"
  );
}

function needsSession(kind: PathKind, pathname: string): boolean {
  if (kind === "openai-api" || kind === "static") return false; // /v1 takes keys
  return !ACCOUNT_PAGES.has(pathname) && !pathname.startsWith(AUTH_API);
}

function needsSignIn(kind: PathKind, pathname: string): boolean {
  if (kind === "openai-api" || kind === "static") return false; // /v1 takes the keys as bearer tokens
  return pathname !== SIGN_IN_PAGE && pathname !== SIGN_IN_API;
}

/**
 * A refusal as the path's clients read errors: OpenAI's envelope on /v1 and /health, the page
 * API's `{ error: { code, message } }` on /api, and on pages a redirect to the sign-in page (for
 * a page load without one) or a plain sentence.
 */
export function refusalResponse(request: Request, refusal: Refusal): Response {
  const url = new URL(request.url);
  const kind = pathKind(url.pathname);
  if (kind === "openai-api") {
    return Response.json(
      {
        error: {
          message: refusal.message,
          type: refusal.status === 401 ? "authentication_error" : "invalid_request_error",
          param: null,
          code: refusal.code.replaceAll("-", "_"),
        },
      },
      { status: refusal.status },
    );
  }
  if (kind === "page-api") {
    return Response.json(
      { error: { code: refusal.code, message: refusal.message } },
      { status: refusal.status },
    );
  }
  if (
    refusal.code === "sign-in-needed" &&
    kind === "page" &&
    (request.method === "GET" || request.method === "HEAD")
  ) {
    const next = `${url.pathname}${url.search}`;
    return new Response(null, {
      status: 303,
      // Absolute: Next.js refuses a relative Location from the proxy.
      headers: { location: new URL(`${SIGN_IN_PAGE}?next=${encodeURIComponent(next)}`, url).href },
    });
  }
  return new Response(`${refusal.message}\n`, {
    status: refusal.status,
    headers: { "content-type": "text/plain; charset=utf-8" },
  });
}
