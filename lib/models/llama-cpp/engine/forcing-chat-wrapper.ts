import {
  type ChatHistoryItem,
  type ChatModelFunctions,
  type ChatWrapper,
  type ChatWrapperGenerateContextStateOptions,
  type ChatWrapperGeneratedContextState,
  LlamaText,
} from "node-llama-cpp";

/**
 * The chat format `base`, except that the reply must start with a function call: node-llama-cpp
 * has no switch for a required tool, but a context state with the documented
 * `noPrefixTrigger: { type: "functionCall" }` (MuseChatWrapper uses it) puts the call prefix into
 * the sequence and constrains the call's name and arguments by grammar — so even a tiny model
 * makes a valid call. The prompt renders exactly as `base` renders it (with every tool of the
 * request documented, `documentedFunctions`, even when only one may be called), so the cache it
 * shares with other turns stays reusable.
 *
 * A reply that opens with thinking thinks first: while that thought is open nothing is forced,
 * and when it closes (by the model or a budget) the format re-renders and the call is forced then.
 */
export function forcingChatWrapper(
  base: ChatWrapper,
  documentedFunctions: ChatModelFunctions,
): ChatWrapper {
  const forced: ChatWrapper = Object.create(base);
  forced.generateContextState = (
    options: ChatWrapperGenerateContextStateOptions,
  ): ChatWrapperGeneratedContextState => {
    const state = base.generateContextState({
      ...options,
      availableFunctions: documentedFunctions,
    });
    const {
      functionCall: _functionCall,
      ignoreStartText: _ignoreStartText,
      prefixTriggers: _prefixTriggers,
      noPrefixTrigger: _noPrefixTrigger,
      detectFunctionCalls: _detectFunctionCalls,
      rerender: _rerender,
      ...rest
    } = state as ChatWrapperGeneratedContextState & Record<string, unknown>;
    if (isThinking(options.chatHistory)) {
      const suffix = base.settings.segments?.thought?.suffix;
      return suffix
        ? ({
            ...rest,
            rerender: { triggers: [LlamaText(suffix)], action: "closeResponseItem" },
          } as ChatWrapperGeneratedContextState)
        : (rest as ChatWrapperGeneratedContextState);
    }
    return {
      ...rest,
      noPrefixTrigger: { type: "functionCall", inject: LlamaText([]) },
    } as ChatWrapperGeneratedContextState;
  };
  return forced;
}

function isThinking(history: readonly ChatHistoryItem[]): boolean {
  const last = history.at(-1);
  if (last?.type !== "model") return false;
  const item = last.response.at(-1);
  return (
    typeof item === "object" &&
    item.type === "segment" &&
    item.segmentType === "thought" &&
    !item.ended
  );
}
