const EXAMPLES = [
  "Why is the sky blue?",
  "Tell me a story about a brave little cat.",
  "Write a haiku about autumn.",
  "Explain recursion with a short example in Python.",
];

/** What a new conversation shows: a few prompts to start from. */
export function EmptyState({ onPick }: { onPick: (prompt: string) => void }) {
  return (
    <section className="empty-state" aria-label="Example prompts">
      <p>Start a conversation, or try one of these:</p>
      <ul>
        {EXAMPLES.map((example) => (
          <li key={example}>
            <button type="button" className="example" onClick={() => onPick(example)}>
              {example}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
