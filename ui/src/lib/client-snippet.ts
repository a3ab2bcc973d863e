/** What a client needs to use this server: the OpenAI SDKs and most tools read these two variables. */
export const baseUrl = (origin = globalThis.location?.origin ?? "") => `${origin}/v1`;

export const clientSnippet = (key: string, origin?: string) => `export OPENAI_BASE_URL=${baseUrl(origin)}\nexport OPENAI_API_KEY=${key}`;
