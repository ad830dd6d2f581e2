import { z } from "zod";
import { parseHostName } from "@/lib/http/allowed-hosts";
import { defaultMaxImportMessageChars } from "@/lib/import/long-messages";

/**
 * The only reader of `process.env`. Every setting the app has is declared here, with its
 * default, and parsed once on first use; the README's settings table mirrors this schema.
 */
const positiveInt = z.coerce.number().int().positive();

/** A comma-separated list of model names. */
const modelNames = () =>
  z
    .string()
    .default("")
    .transform((list) => list.split(",").flatMap((name) => (name.trim() ? [name.trim()] : [])));

const envFields = z.object({
  /** Which model answers: see lib/models/model-spec.ts for the forms. Unset: the default local model. */
  CHAT_MODEL: z.string().trim().min(1).optional(),
  /** More models a conversation may pick (same forms as CHAT_MODEL), comma-separated. */
  CHAT_MODEL_CHOICES: z
    .string()
    .default("")
    .transform((list) => list.split(",").flatMap((spec) => (spec.trim() ? [spec.trim()] : []))),
  CHAT_SYSTEM_PROMPT: z.string().default("You are a friendly assistant!"),
  /**
   * The model `/v1/embeddings` and the app's own embedding calls use, in CHAT_MODEL's forms.
   * Unset: the default local embedding model (lib/models/model-spec.ts).
   */
  CHAT_EMBEDDING_MODEL: z.string().trim().min(1).optional(),
  /** Most tokens per input of a local embedding model. Unset: its training context, at most 2048. */
  CHAT_EMBEDDING_CONTEXT_SIZE: positiveInt.optional(),
  /** Threads of a local embedding model. Unset: LLAMA_THREADS, else every core. */
  CHAT_EMBEDDING_THREADS: positiveInt.optional(),

  CHAT_MAX_MESSAGES: positiveInt.default(200),
  /** Longest message the page may send, in characters (a pasted document, not a book). */
  CHAT_MAX_MESSAGE_CHARS: positiveInt.default(100_000),
  /**
   * Most messages one conversation stores, every version of each counted: edits and regenerated
   * replies add versions, and a conversation must not grow without bound.
   */
  CHAT_MAX_STORED_MESSAGES: positiveInt.default(5_000),
  /**
   * Largest request body the page's chat route and /v1 read (413 beyond). Whether a conversation
   * fits is the model's to say, in tokens; this only bounds what one request may make us hold.
   */
  CHAT_MAX_BODY_BYTES: positiveInt
    // Next's proxy (proxy.ts) passes on at most 10 MB of a body it sees and cuts the rest.
    .max(10 * 1024 * 1024, "at most 10485760 (10 MB): Next's proxy passes no more of a body")
    .default(8 * 1024 * 1024),
  /** Sampling temperature of the chat's replies; 0 is greedy (Regenerate then repeats itself). */
  CHAT_TEMPERATURE: z.coerce.number().min(0).max(2).default(0.7),
  /** Largest export file the sidebar's Import accepts (413 beyond); it is read as a stream. */
  CHAT_MAX_IMPORT_BYTES: positiveInt.default(512 * 1024 * 1024),
  /**
   * Longest one import may take, from the file's arrival to its last conversation stored; beyond
   * it the import is stopped and what was stored stays (lib/import/import-in-worker.ts).
   */
  CHAT_IMPORT_TIME_LIMIT_MS: positiveInt.default(5 * 60_000),
  /** Heap of the worker thread that reads one import; a file needing more is stopped. */
  CHAT_IMPORT_MEMORY_MB: positiveInt.min(16).default(512),
  /**
   * Longest message an import keeps whole, in characters; a longer one is imported cut there,
   * with a marker in its text and a line in the import's report (lib/import/long-messages.ts).
   */
  CHAT_MAX_IMPORT_MESSAGE_CHARS: positiveInt.default(defaultMaxImportMessageChars),
  /**
   * Largest file one may attach. At most 10 MB: Next's proxy (proxy.ts) passes no more of a
   * body, and the upload goes through it (docs/decisions/0011-files-in-the-database.md).
   */
  CHAT_FILE_MAX_BYTES: positiveInt
    .max(10 * 1024 * 1024, "at most 10485760 (10 MB): Next's proxy passes no more of a body")
    .default(10 * 1024 * 1024),
  /** Most files one message may carry. */
  CHAT_FILES_PER_MESSAGE: positiveInt.max(100).default(10),
  /** Most bytes of files one owner may keep, all conversations together. */
  CHAT_FILE_BYTES_PER_OWNER: positiveInt.default(500 * 1024 * 1024),
  /** Most pages of one attached PDF; a PDF that says it has more is refused unread. */
  CHAT_FILE_MAX_PAGES: positiveInt.default(2_000),
  /**
   * Characters of attached files' text one reply's model gets (about 4 per token): a file that
   * does not fit goes in by its beginning, with a sentence that the rest was cut.
   */
  CHAT_FILE_CONTEXT_CHARS: positiveInt.default(32_000),
  /** Longest the worker reading one attached file may take (lib/files/read-in-worker.ts). */
  CHAT_FILE_READ_TIME_LIMIT_MS: positiveInt.default(30_000),
  /** Heap of the worker thread reading one attached file; a file needing more is refused. */
  CHAT_FILE_READ_MEMORY_MB: positiveInt.min(16).default(256),
  /** A reply stops here (finish reason `length`); small models otherwise can ramble to the context's end. */
  CHAT_MAX_OUTPUT_TOKENS: positiveInt.default(1024),
  /** A reply that sends nothing for this long once it has begun is stopped (lib/chat/reply-limits.ts). */
  CHAT_IDLE_TIMEOUT_MS: positiveInt.default(60_000),
  /**
   * A page's reply that nobody reads any more (the page left, no other page follows it) is stopped
   * after this long: long enough for a reload to come back and follow it.
   */
  CHAT_ABANDONED_REPLY_MS: positiveInt.default(30_000),
  /** Most pages following one reply at once (reloads, other tabs); more are refused (429). */
  CHAT_MAX_FOLLOWERS: positiveInt.max(1000).default(8),
  /** Longest reply, waiting included. The chat and /v1 routes' `maxDuration` (960 s) stays above the default. */
  CHAT_TOTAL_TIMEOUT_MS: positiveInt.default(15 * 60_000),

  /**
   * The MCP servers the chat's tools come from, in Claude Desktop's `mcpServers` format
   * (lib/mcp/mcp-config.ts). Unset: ./mcp.json when it exists, else no tools.
   */
  CHAT_MCP_CONFIG: z.string().trim().min(1).optional(),
  /** Most participant turns in a row that "Let them talk" runs (lib/chat/participants.ts). */
  CHAT_MAX_AUTO_TURNS: positiveInt.max(50).default(6),
  /** Most model steps in one reply's tool loop (call, result, call, …, answer). */
  CHAT_MAX_STEPS: positiveInt.max(100).default(8),

  OPENAI_API_KEY: z.string().min(1).optional(),
  /**
   * The bearer token of the CHAT_MODEL's server when it is `openai-compatible:`, and of no other
   * (the choices in CHAT_MODEL_CHOICES name theirs in OPENAI_COMPATIBLE_API_KEYS).
   */
  OPENAI_COMPATIBLE_API_KEY: z.string().min(1).optional(),
  /**
   * A key per `openai-compatible:` server, as `<baseURL>=<key>` pairs, comma-separated: each key
   * goes to its own server only (lib/models/compatible-api-key.ts).
   */
  OPENAI_COMPATIBLE_API_KEYS: z
    .string()
    .default("")
    .transform((pairs, ctx) => {
      const keys: Array<{ baseURL: string; key: string }> = [];
      for (const pair of pairs.split(",")) {
        if (!pair.trim()) continue;
        const at = pair.indexOf("=");
        const baseURL = pair.slice(0, at).trim();
        const key = pair.slice(at + 1).trim();
        if (at < 0 || !URL.canParse(baseURL) || !key) {
          ctx.addIssue({
            code: "custom",
            // The pair is not repeated: it would put a key in the log.
            message: "each entry must be <baseURL>=<key>, e.g. https://llm.example.com/v1=sk-…",
          });
          return z.NEVER;
        }
        keys.push({ baseURL, key });
      }
      return keys;
    }),

  /**
   * The `openai-compatible:` models that take images, by model name, comma-separated (`*`: all of
   * them): such a server does not say what its models see (lib/models/model-inputs.ts).
   */
  OPENAI_COMPATIBLE_VISION_MODELS: modelNames(),
  /** The `openai-compatible:` models that take PDFs as file parts, by name (`*`: all of them). */
  OPENAI_COMPATIBLE_PDF_MODELS: modelNames(),

  /** Where conversations are kept: `file:<path>` is SQLite, `postgres://…` is PostgreSQL. */
  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^(file:|postgres(ql)?:\/\/)/, "use file:<path> (SQLite) or postgres://… (PostgreSQL)")
    .default("file:./data/chat.db"),
  /** Tests only: the PostgreSQL server the store tests make (and drop) throwaway databases on. */
  TEST_POSTGRES_URL: z.string().trim().min(1).default("postgres://postgres@127.0.0.1:5432/test"),

  /** Where downloaded GGUF models are kept. */
  LLAMA_MODELS_DIR: z.string().min(1).default("./models"),
  /**
   * Where the local model runs: `auto` (a GPU when node-llama-cpp finds CUDA, Vulkan or Metal,
   * else the CPU), `cpu`, `cuda`, `vulkan`, `metal`. A named GPU that cannot load falls back to the
   * CPU with the reason in the log and /health.
   */
  LLAMA_GPU: z.enum(["auto", "cpu", "cuda", "vulkan", "metal"]).default("auto"),
  /** Model layers on the GPU: `auto` (what fits), `max`, or a count. */
  LLAMA_GPU_LAYERS: z
    .union([z.enum(["auto", "max"]), z.coerce.number().int().min(0)])
    .default("auto"),
  /** Unset: measured at start-up (see lib/models/llama-cpp/engine/measure-threads.ts). */
  LLAMA_THREADS: positiveInt.optional(),
  /**
   * The thread plan measured at load is kept per model file and machine in this file and reused;
   * `LLAMA_THREAD_PLAN=measure` measures it again now (e.g. after the machine's load changed).
   */
  LLAMA_THREAD_PLAN_FILE: z.string().min(1).default("./data/thread-plans.json"),
  LLAMA_THREAD_PLAN: z.enum(["kept", "measure"]).default("kept"),
  /** Tokens per sequence. Unset: the model's training context, at most 4096 and what a quarter of the free memory holds (default-context-size.ts). */
  LLAMA_CONTEXT_SIZE: positiveInt.optional(),
  /** How many requests the local model serves at once (one context sequence each). */
  LLAMA_SEQUENCES: positiveInt.default(4),
  /**
   * How those requests decode: `batched` (one context, every sequence in each step's batch: what a
   * GPU is fast at), `parallel` (a context per sequence, side by side: faster on a CPU), or `auto`
   * (batched on a GPU, parallel on the CPU). Decision 0010.
   */
  LLAMA_DECODE: z.enum(["auto", "batched", "parallel"]).default("auto"),
  /** Requests that may wait for the local model; beyond that they are refused as busy. */
  LLAMA_MAX_QUEUE: positiveInt.default(64),
  /**
   * `on`: the last free sequence is kept for a person who holds none, so that someone new starts
   * at once while another person floods (one person alone then uses every sequence but one).
   */
  LLAMA_SPARE_SEQUENCE: z.enum(["on", "off"]).optional(),
  /**
   * `on` (default): in parallel decoding, the others' decoding waits while the prompt of a person
   * who holds no other sequence is evaluated, at most a few seconds (decision 0013).
   */
  LLAMA_PREFILL_PRIORITY: z.enum(["on", "off"]).default("on"),
  /**
   * A local reasoning model's thinking when a request does not say: `on` (the model's default),
   * `off` (where its chat format allows; else capped at 0), or a number: at most that many tokens.
   */
  LLAMA_THINKING: z.union([z.enum(["on", "off"]), z.coerce.number().int().min(0)]).default("on"),
  /** Chat format for a GGUF that carries no chat template of its own. */
  LLAMA_FALLBACK_CHAT_WRAPPER: z.string().min(1).default("general"),

  /**
   * Signs the anonymous owner cookie and the sign-in cookie. Unset: a random secret kept in
   * CHAT_SESSION_SECRET_FILE. At least 32 characters: it is all that stands between a browser and
   * another's conversations.
   */
  CHAT_SESSION_SECRET: z.string().min(32).optional(),
  CHAT_SESSION_SECRET_FILE: z.string().min(1).default("./data/session-secret"),

  /**
   * Most output tokens one /v1 request (any protocol) may ask for: a larger max_tokens is clamped
   * to it, and a request that names none gets it (a remote model bills what it is allowed).
   */
  CHAT_API_MAX_OUTPUT_TOKENS: positiveInt.default(8192),
  /** Most tools one /v1 request may carry (OpenAI's own limit is 128). */
  CHAT_API_MAX_TOOLS: positiveInt.default(128),
  /**
   * Largest JSON schema one /v1 request may send for a tool's parameters or a response format,
   * in bytes of compact JSON: the local model turns each into a grammar on the main thread.
   */
  CHAT_API_MAX_TOOL_SCHEMA_BYTES: positiveInt.default(64 * 1024),
  /**
   * Largest total of one /v1 request's tools (names, descriptions, schemas), in bytes of compact
   * JSON: the local model documents every tool in the prompt, rendered and tokenized on the main
   * thread (128 tools of 64 KB blocked it for 12-18 s).
   */
  CHAT_API_MAX_TOOLS_BYTES: positiveInt.default(256 * 1024),
  /**
   * Largest image or file one content part of a /v1 request may carry, decoded from its data URL
   * (400 beyond); the whole request stays within CHAT_MAX_BODY_BYTES, where base64 counts 4/3.
   */
  CHAT_API_MAX_FILE_BYTES: positiveInt.default(5 * 1024 * 1024),
  /**
   * The operator's keys, comma-separated: /v1 takes one as a bearer token, and the page and its
   * API need a sign-in with one (lib/session/sign-in-cookie.ts). Unset: both are open.
   */
  CHAT_API_KEYS: z
    .string()
    .default("")
    .transform((keys) => keys.split(",").flatMap((key) => (key.trim() ? [key.trim()] : []))),

  /**
   * Who uses the page: `none` — an anonymous owner per browser (today's page; the operator's keys
   * may still ask for a sign-in) — or `accounts`: people sign up and in (Better Auth, lib/accounts),
   * each with their own conversations, keys and usage. `accounts` is required when HOST is beyond
   * loopback (lib/http/exposure.ts).
   */
  CHAT_AUTH: z.enum(["none", "accounts"]).default("none"),
  /**
   * The address people open the app at (e.g. https://chat.example.com), for the links Better Auth
   * makes (single sign-on's return address, invite and reset links). Unset: the address of each
   * request, among the names the server answers to.
   */
  CHAT_AUTH_URL: z.url({ protocol: /^https?$/ }).optional(),
  /**
   * Single sign-on through an OpenID Connect provider (Keycloak, Authentik, Entra ID, Google…):
   * its issuer URL (its discovery document is `<issuer>/.well-known/openid-configuration`), and
   * this app's client id and secret there. Its redirect URI is
   * `<CHAT_AUTH_URL>/api/auth/callback/oidc`.
   */
  CHAT_OIDC_ISSUER: z.url({ protocol: /^https?$/ }).optional(),
  CHAT_OIDC_CLIENT_ID: z.string().trim().min(1).optional(),
  CHAT_OIDC_CLIENT_SECRET: z.string().trim().min(1).optional(),
  /** The sign-in button's words: "Sign in with <name>". */
  CHAT_OIDC_NAME: z.string().trim().min(1).max(60).default("single sign-on"),
  CHAT_OIDC_SCOPES: z.string().trim().min(1).default("openid email profile"),

  /**
   * Where the server listens: `npm start` passes them to `next start`, and Next sets PORT to the
   * port it listens on. Read for the host allow-list and the start-up check
   * (lib/http/exposure.ts), never to listen.
   */
  HOST: z.string().trim().min(1).default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  /**
   * More names the server answers to, as `host` or `host:port`, comma-separated (the loopback
   * names on PORT always are). A request for any other name is refused: that is what keeps a web
   * page whose name was pointed at this machine (DNS rebinding) out (lib/http/allowed-hosts.ts).
   */
  CHAT_ALLOWED_HOSTS: z
    .string()
    .default("")
    .transform((hosts) => hosts.split(",").flatMap((host) => (host.trim() ? [host.trim()] : [])))
    .refine((hosts) => hosts.every((host) => parseHostName(host)), {
      message: "each entry must be a host or host:port (e.g. chat.example.com, 192.168.1.5:3000)",
    }),
});

const envSchema = envFields.superRefine((settings, ctx) => {
  const oidc = [
    settings.CHAT_OIDC_ISSUER,
    settings.CHAT_OIDC_CLIENT_ID,
    settings.CHAT_OIDC_CLIENT_SECRET,
  ];
  if (oidc.some((value) => value !== undefined) && oidc.some((value) => value === undefined)) {
    ctx.addIssue({
      code: "custom",
      path: ["CHAT_OIDC_ISSUER"],
      message:
        "single sign-on needs all three of CHAT_OIDC_ISSUER, CHAT_OIDC_CLIENT_ID and CHAT_OIDC_CLIENT_SECRET",
    });
  }
});

export type Env = z.infer<typeof envSchema>;

let parsed: Env | undefined;

/** Parses the environment on first call; a bad value fails with every problem named. */
export function env(): Env {
  if (parsed) return parsed;
  const result = envSchema.safeParse(process.env);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment settings:\n  ${problems.join("\n  ")}`);
  }
  parsed = result.data;
  return parsed;
}

/** For tests that parse a given environment instead of the process's. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  return envSchema.parse(source);
}

/**
 * What a child process (an MCP server started over stdio) inherits: the few variables a program
 * needs to run, never the app's own settings and secrets.
 */
export function childProcessEnv(): Record<string, string> {
  const keep = ["PATH", "HOME", "USER", "LANG", "TMPDIR", "SHELL", "TERM", "SystemRoot"];
  return Object.fromEntries(
    keep.flatMap((key) => {
      const value = process.env[key];
      return value ? [[key, value]] : [];
    }),
  );
}

/** `next dev` (Next inlines NODE_ENV in each bundle): the pages' policy then allows React's eval. */
export const isDevelopment = process.env.NODE_ENV === "development";
