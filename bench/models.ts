/** The model names clients ask for: each is an Octopus group, and the name the upstream answers with. */
export const CHAT_MODEL = "gpt-bench";
export const MESSAGES_MODEL = "claude-bench";
/** Served by the upstream's paced `/slow/` routes, for holding streams open. */
export const SLOW_CHAT_MODEL = "gpt-bench-slow";
/** Served by the upstream's `/paced/` route: a write per chunk, a millisecond apart. */
export const PACED_CHAT_MODEL = "gpt-bench-paced";
