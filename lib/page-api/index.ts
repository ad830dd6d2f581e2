// The page's own API (`/api/*`): one `Request → Response` handler with one refusal table.
export { handlePageApiRequest } from "./app-handler";
export {
  createPageApi,
  type PageApiHandler,
  type PageApiOptions,
} from "./create-page-api";
export { type PageRefusal, type PageRefusalReason, refusals } from "./refusals";
