/**
 * The names this server answers to. A request whose `Host` is not one of them is refused: a web
 * page can point a name of its own at 127.0.0.1 (DNS rebinding) and would then be same-origin with
 * the app, but its requests still carry its own name in `Host`.
 */

/** `host` (any port) or `host:port`; IPv6 addresses in brackets, as in a URL. */
export interface HostName {
  hostname: string;
  port?: number;
}

export type AllowedHosts = readonly HostName[];

const LOOPBACK_NAMES = ["127.0.0.1", "localhost", "[::1]"];
const WILDCARDS = new Set(["0.0.0.0", "[::]"]);

const IPV6 = /^(\[[0-9a-f:.]+\])(?::(\d{1,5}))?$/i;
const NAME = /^([a-z0-9_.-]+)(?::(\d{1,5}))?$/i;

/**
 * `name`, `name:port`, `[v6]` or `[v6]:port`, as a `Host` header or CHAT_ALLOWED_HOSTS writes
 * it; undefined for anything else (a path, user info, spaces). Not normalised beyond case: a name
 * written another way than the list's is refused, which is the safe side.
 */
export function parseHostName(text: string): HostName | undefined {
  const match = IPV6.exec(text) ?? NAME.exec(text);
  if (!match?.[1]) return undefined;
  const hostname = match[1].toLowerCase();
  if (match[2] === undefined) return { hostname };
  const port = Number(match[2]);
  return port >= 1 && port <= 65_535 ? { hostname, port } : undefined;
}

/** HOST as a name in a `Host` header: an IPv6 address gets its brackets. */
function hostSettingName(host: string): string {
  const name = host.toLowerCase();
  return name.includes(":") && !name.startsWith("[") ? `[${name}]` : name;
}

/**
 * The loopback names on `port`, HOST itself when it is one address (not a wildcard such as
 * 0.0.0.0), and the operator's `extra` names (CHAT_ALLOWED_HOSTS).
 */
export function allowedHostsFrom(settings: {
  host: string;
  port: number;
  extra: readonly string[];
}): AllowedHosts {
  const own = hostSettingName(settings.host);
  const names = [...LOOPBACK_NAMES, ...(WILDCARDS.has(own) ? [] : [own])];
  const extra = settings.extra.map((text) => {
    const parsed = parseHostName(text);
    if (!parsed) throw new Error(`CHAT_ALLOWED_HOSTS: '${text}' is not a host or host:port`);
    return parsed;
  });
  const named: HostName[] = [...new Set(names)].map((hostname) => ({
    hostname,
    port: settings.port,
  }));
  return [...named, ...extra];
}

/** Whether `candidate` (its port said, or the scheme's default) is one of `allowed`. */
export function isAllowedHost(allowed: AllowedHosts, candidate: Required<HostName>): boolean {
  return allowed.some(
    (entry) =>
      entry.hostname === candidate.hostname &&
      (entry.port === undefined || entry.port === candidate.port),
  );
}

/** A `Host` header, its port 80 when it names none (a `Host` comes over plain HTTP here). */
export function isAllowedHostHeader(allowed: AllowedHosts, header: string | null): boolean {
  const parsed = header ? parseHostName(header) : undefined;
  return parsed !== undefined && isAllowedHost(allowed, { port: 80, ...parsed });
}

/** An `Origin` header: the page that sent the request must be on an allowed name. */
export function isAllowedOrigin(allowed: AllowedHosts, origin: string): boolean {
  if (!URL.canParse(origin)) return false; // includes `null` (sandboxed or opaque origins)
  const url = new URL(origin);
  if (url.protocol !== "http:" && url.protocol !== "https:") return false;
  const port = url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
  return isAllowedHost(allowed, { hostname: url.hostname, port });
}

/** Whether HOST keeps the server on this machine: a loopback address or name. */
export function isLoopbackHost(host: string): boolean {
  const name = hostSettingName(host);
  return name === "localhost" || name === "[::1]" || /^127(\.\d{1,3}){3}$/.test(name);
}
