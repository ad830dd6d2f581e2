import { handlePageApiRequest } from "@/lib/page-api";

export const dynamic = "force-dynamic";
// Above CHAT_TOTAL_TIMEOUT_MS's default (15 min), so a reply ends by our limit, with our message.
export const maxDuration = 960;

export const GET = handlePageApiRequest;
export const POST = handlePageApiRequest;
export const DELETE = handlePageApiRequest;
