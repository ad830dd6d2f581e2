// A conversation's participants: who takes part (the cast), who speaks next, and what each sees
// from its seat. Browser-safe.
export {
  type Cast,
  castSchema,
  DEFAULT_PARTICIPANT,
  defaultCast,
  MAX_PARTICIPANTS,
  type Participant,
  participantSchema,
  readCast,
  type TurnOrder,
  turnOrders,
  USER_NAME,
} from "./cast";
export { mentionsIn, nextAfter, speakersFor } from "./next-speakers";
export { type SeatView, type SpokenMessage, seatView } from "./seat-view";
