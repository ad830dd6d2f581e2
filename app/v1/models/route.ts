export const dynamic = "force-dynamic";
export { DELETE, GET, PATCH, POST, PUT } from "@/lib/openai-api/route-methods";
