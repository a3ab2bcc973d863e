/**
 * Backups over the admin API. An export with secrets (`?secrets=true`) puts every provider key in
 * clear, so it also needs the signed-in admin's password, re-entered in the `x-octopus-password`
 * header (a GET has no body).
 */
import { Elysia, t } from "elysia";
import { BackupError, exportBackup, INCLUDABLE, restoreBackup, type Includable } from "../backup";
import type { AdminContext } from "./context";
import { HttpError } from "./http";

export const PASSWORD_HEADER = "x-octopus-password";

function parseInclude(raw: string | undefined): Includable[] {
  const parts = (raw ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  for (const part of parts)
    if (!(INCLUDABLE as readonly string[]).includes(part)) throw new HttpError(400, `include: must list some of ${INCLUDABLE.join(", ")}`);
  return parts as Includable[];
}

export const backupRoutes = ({ stores, state, auth }: AdminContext) =>
  new Elysia()
    .get(
      "/backup/export",
      async ({ query, request, set }) => {
        const secrets = query.secrets === "true";
        const include = parseInclude(query.include);
        if (secrets) {
          const password = request.headers.get(PASSWORD_HEADER);
          if (!password) throw new HttpError(401, `secrets=true needs your password in the ${PASSWORD_HEADER} header`);
          const { username } = await auth.authenticate(request);
          if (!(await auth.checkPassword(username, password))) throw new HttpError(403, `${PASSWORD_HEADER}: wrong password`);
        }
        const doc = await exportBackup(stores, { secrets, include });
        set.headers["content-disposition"] = `attachment; filename="octopus-backup-${new Date(doc.exported_at).toISOString().slice(0, 10)}.json"`;
        set.headers["cache-control"] = "no-store";
        return doc;
      },
      { query: t.Object({ secrets: t.Optional(t.Union([t.Literal("true"), t.Literal("false")])), include: t.Optional(t.String()) }) },
    )
    .post(
      "/backup/import",
      async ({ body, query }) => {
        try {
          return await restoreBackup(stores, body, query.mode ?? "merge");
        } catch (e) {
          if (e instanceof BackupError) throw new HttpError(400, e.message);
          throw e;
        } finally {
          await state.reload();
        }
      },
      { body: t.Unknown(), query: t.Object({ mode: t.Optional(t.Union([t.Literal("merge"), t.Literal("replace")])) }) },
    );
