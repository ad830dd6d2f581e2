import { handleOpenAIApiRequest } from "@/lib/openai-api/app-handler";

export const dynamic = "force-dynamic";
export const GET = handleOpenAIApiRequest;
