import type { NextConfig } from "next";
import { SECURITY_HEADERS } from "./lib/http/security-headers";

const nextConfig: NextConfig = {
  // node-llama-cpp loads a native addon and its own prebuilt binaries at run time: it must be
  // required from node_modules, never bundled.
  serverExternalPackages: ["node-llama-cpp", "usearch"],
  // `npm test` type-checks the whole project with tsc first; the build need not do it again.
  typescript: { ignoreBuildErrors: true },
  turbopack: {
    resolveAlias: {
      // Streamdown's unused raw-HTML plugin and its HTML parser (components/no-raw-html.ts).
      "rehype-raw": "./components/no-raw-html.ts",
    },
  },
  // On every response, the import route's too (proxy.ts leaves it out); pages get their
  // Content-Security-Policy from proxy.ts, which makes a nonce per response.
  async headers() {
    return [
      { source: "/:path*", headers: SECURITY_HEADERS.map(([key, value]) => ({ key, value })) },
    ];
  },
};

export default nextConfig;
