import type { ListedModel } from "../model-list";

/** OpenAI's `GET /v1/models`: one list, no paging. */
export const modelList = (models: ListedModel[]) => ({
  object: "list",
  data: models.map(({ id, created }) => ({ id, object: "model", created: Math.floor(created / 1000), owned_by: "octopus" })),
});
