/**
 * Query/action primitives over the API client. A query loads on creation and when its source
 * changes, keeps the last value while it reloads, and exposes loading, error and refetch. An
 * action runs on demand and tracks pending and error.
 */
import { createResource, createSignal, onCleanup, type Accessor } from "solid-js";
import { ApiError } from "./client";

export interface Query<T> {
  /** The latest value; stays while a refetch runs, undefined before the first load. */
  data: Accessor<T | undefined>;
  loading: Accessor<boolean>;
  error: Accessor<ApiError | undefined>;
  refetch: () => void;
  /** Replaces the value locally (after an action whose result is known). */
  set: (value: T) => void;
}

const asApiError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(0, (e as Error)?.message ?? String(e)));

export function createQuery<T, S = true>(
  fetcher: (source: S) => Promise<T>,
  options: { source?: Accessor<S | false | null | undefined>; refreshMs?: number } = {},
): Query<T> {
  const [resource, { refetch, mutate }] = options.source
    ? createResource(options.source, (s) => fetcher(s as S))
    : createResource(() => fetcher(true as S));
  if (options.refreshMs) {
    const timer = setInterval(() => {
      if (!resource.loading && document.visibilityState === "visible") void refetch();
    }, options.refreshMs);
    onCleanup(() => clearInterval(timer));
  }
  return {
    data: () => (resource.state === "errored" ? undefined : resource.latest),
    loading: () => resource.loading,
    error: () => (resource.state === "errored" ? asApiError(resource.error) : undefined),
    refetch: () => void refetch(),
    set: (value) => void mutate(() => value),
  };
}

export interface Action<A extends unknown[], R> {
  run: (...args: A) => Promise<R | undefined>;
  pending: Accessor<boolean>;
  error: Accessor<ApiError | undefined>;
  clear: () => void;
}

/** Runs `fn`; resolves to its result, or to undefined with `error` set when it failed. */
export function createAction<A extends unknown[], R>(fn: (...args: A) => Promise<R>): Action<A, R> {
  const [pending, setPending] = createSignal(false);
  const [error, setError] = createSignal<ApiError>();
  return {
    pending,
    error,
    clear: () => setError(undefined),
    async run(...args) {
      setPending(true);
      setError(undefined);
      try {
        return await fn(...args);
      } catch (e) {
        setError(asApiError(e));
        return undefined;
      } finally {
        setPending(false);
      }
    },
  };
}
