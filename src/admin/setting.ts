import { Elysia, t } from "elysia";
import { isSettingKey, parseSetting, settingEnvName, SETTINGS, type SettingKey, type SettingSpec } from "../state/settings";
import type { AdminContext } from "./context";
import { HttpError } from "./http";

export const settingRoutes = ({ stores, state }: AdminContext) =>
  new Elysia()
    .get("/setting/list", () =>
      (Object.keys(SETTINGS) as SettingKey[]).map((key) => {
        const spec: SettingSpec = SETTINGS[key];
        return {
          key,
          value: state.settings[key],
          default: spec.default,
          doc: spec.doc,
          type: spec.type,
          /** Bounds of an integer setting, for the panel's number input. */
          ...(spec.min !== undefined && { min: spec.min, max: spec.max }),
          /** Set by OCTOPUS_SETTING_<KEY>: the panel shows it read-only. */
          pinned: key in state.pinned,
        };
      }),
    )
    .post(
      "/setting/set",
      async ({ body }) => {
        if (!isSettingKey(body.key)) throw new HttpError(400, `key: unknown setting ${JSON.stringify(body.key)}`);
        if (body.key in state.pinned) throw new HttpError(409, `${body.key} is pinned by ${settingEnvName(body.key)}`);
        let value: number | boolean | string;
        try {
          value = parseSetting(body.key, body.value);
        } catch (e) {
          throw new HttpError(400, `value: ${(e as Error).message}`);
        }
        await stores.settings.set(body.key, String(value));
        await state.publish("settings");
        return { key: body.key, value };
      },
      { body: t.Object({ key: t.String({ minLength: 1 }), value: t.Union([t.String(), t.Number(), t.Boolean()]) }) },
    );
