/**
 * Why a model listing or sync failed. The message is safe to show and log: the provider's status
 * and message, never a key.
 */
export type ModelFetchFailure =
  /** The request cannot be made as configured (a type without listing, no enabled key). */
  | "config"
  /** The provider refused the key (authentication or permission): another key may work. */
  | "rejected_key"
  /** The provider failed, answered something unreadable, or could not be reached. */
  | "upstream";

export class ModelFetchError extends Error {
  constructor(
    readonly kind: ModelFetchFailure,
    message: string,
  ) {
    super(message);
  }
}
