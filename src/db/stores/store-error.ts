/** A write the store refuses (a reference that does not hold, a missing required value). */
export class StoreError extends Error {}
