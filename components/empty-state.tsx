import { BookOpenIcon, CodeIcon, FeatherIcon, SparklesIcon } from "lucide-react";

const EXAMPLES = [
  { prompt: "Why is the sky blue?", Icon: SparklesIcon },
  { prompt: "Tell me a story about a brave little cat.", Icon: BookOpenIcon },
  { prompt: "Write a haiku about autumn.", Icon: FeatherIcon },
  { prompt: "Explain recursion with a short example in Python.", Icon: CodeIcon },
];

/** What a new conversation shows: a greeting and a few prompts to start from. */
export function EmptyState({ onPick }: { onPick: (prompt: string) => void }) {
  return (
    <section
      className="empty-state my-auto flex flex-col items-center gap-6 py-8 text-center"
      aria-label="Example prompts"
    >
      <h2 className="text-2xl font-semibold tracking-tight sm:text-3xl">How can I help?</h2>
      <p className="sr-only">Start a conversation, or try one of these:</p>
      <ul className="grid w-full gap-2 sm:grid-cols-2">
        {EXAMPLES.map(({ prompt, Icon }) => (
          <li key={prompt}>
            <button
              type="button"
              data-slot="button"
              className="example flex h-full w-full cursor-pointer items-start gap-3 rounded-xl border bg-background px-4 py-3 text-left text-sm transition-colors hover:bg-accent focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none"
              onClick={() => onPick(prompt)}
            >
              <Icon className="mt-0.5 size-4 shrink-0 text-muted-foreground" aria-hidden />
              {prompt}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
