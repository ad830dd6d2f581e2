/**
 * A value loaded on first need: the same promise every time (as React's `use` wants), and the
 * value itself once there, so that a render after the load need not suspend at all.
 */
export interface Lazy<T> {
  /** The value if it has loaded. */
  ready: () => T | undefined;
  /** Starts the load (once) and resolves with the value. */
  load: () => Promise<T>;
}

export function lazily<T>(load: () => Promise<T>): Lazy<T> {
  let value: T | undefined;
  let loading: Promise<T> | undefined;
  return {
    ready: () => value,
    load: () => {
      loading ??= load().then((loaded) => {
        value = loaded;
        return loaded;
      });
      return loading;
    },
  };
}
