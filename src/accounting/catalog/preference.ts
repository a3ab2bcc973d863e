/**
 * Which provider's price wins when several list the same model:
 * 1. the provider that makes the model (openai for gpt-*, claude-* from anthropic, …);
 * 2. then a non-zero price over an all-zero one, which elsewhere means a free tier or a
 *    subscription (github-models, zai-coding-plan), not what the model costs;
 * 3. then the provider id in alphabetical order.
 */
import { normalizeModelName } from "./normalize";

export interface ProviderPrice {
  provider: string;
  price: { input: number; output: number; cache_read?: number; cache_write?: number };
}

const MAKERS: ReadonlyArray<readonly [pattern: RegExp, provider: string]> = [
  [/^(gpt-|chatgpt-|codex-|o\d)/, "openai"],
  [/^claude-/, "anthropic"],
  [/^(gemini-|gemma-)/, "google"],
  [/^deepseek-/, "deepseek"],
  [/^(mistral-|ministral-|magistral-|codestral-|devstral-|pixtral-|open-mistral-|open-mixtral-)/, "mistral"],
  [/^grok-/, "xai"],
  [/^kimi-/, "moonshotai"],
  [/^(qwen|qwq-)/, "alibaba"],
  [/^glm-/, "zai"],
];

/** The provider id that makes this model, if it is one of the known makers. */
function makerOf(modelId: string): string | undefined {
  const name = normalizeModelName(modelId);
  return MAKERS.find(([pattern]) => pattern.test(name))?.[1];
}

/** Negative when `a` is preferred for `modelId`, positive when `b` is, 0 for the same provider. */
export function compareProviders(modelId: string, a: ProviderPrice, b: ProviderPrice): number {
  const maker = makerOf(modelId);
  const rank = (offer: ProviderPrice) => (offer.provider === maker ? 0 : isAllZero(offer.price) ? 2 : 1);
  return rank(a) - rank(b) || (a.provider < b.provider ? -1 : a.provider > b.provider ? 1 : 0);
}

function isAllZero(price: ProviderPrice["price"]): boolean {
  return price.input === 0 && price.output === 0 && !price.cache_read && !price.cache_write;
}
