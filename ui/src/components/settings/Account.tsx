import { createSignal, Show, type JSX } from "solid-js";
import type { ApiError } from "../../api/client";
import { createAction } from "../../api/query";
import { userApi } from "../../api/user";
import { t as common } from "../../i18n";
import { setUser, user } from "../../lib/session";
import { Button } from "../Button";
import { Card } from "../Card";
import { TextField } from "../Field";
import { toast } from "../Toast";
import { MIN_PASSWORD, validatePassword, validateUsername, type PasswordErrors, type UsernameErrors } from "./account-form";
import { t } from "./messages";

const ERROR: Record<string, Parameters<typeof t>[0]> = { required: "errRequired", short: "errShort", same: "errSame", mismatch: "errMismatch", tooLong: "errTooLong" };
const say = (code: string | undefined) => (code ? t(ERROR[code]) : undefined);
/** The server says a password was wrong (400 naming it); anything else shows as it came. */
const wrongPassword = (e: ApiError | undefined) => e?.status === 400 && /password is wrong/i.test(e.message);
const serverMessage = (e: ApiError | undefined) => (!e || wrongPassword(e) ? undefined : e.offline ? common("error.network") : e.message);

function FormCard(props: { title: string; text: string; onSubmit: (e: SubmitEvent) => void; busy: boolean; error?: string; submit: string; children: JSX.Element }) {
  return (
    <Card title={props.title}>
      <form class="stack" aria-label={props.title} onSubmit={props.onSubmit} novalidate>
        <p class="muted small">{props.text}</p>
        {props.children}
        <Show when={props.error}>
          <p class="field-error" role="alert">
            {props.error}
          </p>
        </Show>
        <div>
          <Button type="submit" variant="primary" busy={props.busy}>
            {props.submit}
          </Button>
        </div>
      </form>
    </Card>
  );
}

function PasswordForm() {
  const [form, setForm] = createSignal({ old: "", next: "", confirm: "" });
  const [errors, setErrors] = createSignal<PasswordErrors>({});
  // The server answers with a fresh session cookie; user/info then says the default password is gone.
  const change = createAction(async () => {
    await userApi.changePassword(form().old, form().next);
    setUser(await userApi.info());
  });
  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const found = validatePassword(form());
    setErrors(found);
    if (Object.keys(found).length) return;
    await change.run();
    if (change.error()) return;
    setForm({ old: "", next: "", confirm: "" });
    toast(t("passwordChanged"));
  }
  const set = (field: "old" | "next" | "confirm") => (value: string) => setForm({ ...form(), [field]: value });
  return (
    <FormCard title={t("changePassword")} text={t("changePasswordText")} onSubmit={submit} busy={change.pending()} error={serverMessage(change.error())} submit={t("changePassword")}>
      <input type="text" name="username" autocomplete="username" value={user()?.username ?? ""} hidden readOnly />
      <TextField
        label={t("oldPassword")}
        type="password"
        autocomplete="current-password"
        value={form().old}
        onValue={set("old")}
        error={say(errors().old) ?? (wrongPassword(change.error()) ? t("errWrongPassword") : undefined)}
      />
      <TextField label={t("newPassword")} type="password" autocomplete="new-password" minLength={MIN_PASSWORD} value={form().next} onValue={set("next")} error={say(errors().next)} hint={t("newPasswordHint")} />
      <TextField label={t("confirmPassword")} type="password" autocomplete="new-password" value={form().confirm} onValue={set("confirm")} error={say(errors().confirm)} />
    </FormCard>
  );
}

function UsernameForm() {
  const [form, setForm] = createSignal({ username: "", password: "" });
  const [errors, setErrors] = createSignal<UsernameErrors>({});
  const change = createAction(async () => {
    await userApi.changeUsername(form().username.trim(), form().password);
    setUser(await userApi.info());
  });
  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const found = validateUsername(form(), user()?.username);
    setErrors(found);
    if (Object.keys(found).length) return;
    await change.run();
    if (change.error()) return;
    toast(t("usernameChanged", { name: form().username.trim() }));
    setForm({ username: "", password: "" });
  }
  return (
    <FormCard title={t("changeUsername")} text={t("changeUsernameText")} onSubmit={submit} busy={change.pending()} error={serverMessage(change.error())} submit={t("changeUsername")}>
      <TextField label={t("newUsername")} autocomplete="username" maxLength={64} value={form().username} onValue={(v) => setForm({ ...form(), username: v })} error={say(errors().username)} />
      <TextField
        label={t("oldPassword")}
        type="password"
        autocomplete="current-password"
        value={form().password}
        onValue={(v) => setForm({ ...form(), password: v })}
        error={say(errors().password) ?? (wrongPassword(change.error()) ? t("errWrongPassword") : undefined)}
      />
    </FormCard>
  );
}

/** Password and username; the default-password banner links here (#account). */
export function Account() {
  return (
    <section id="account" class="settings-section" aria-labelledby="account-title">
      <header class="settings-section-head">
        <h2 id="account-title">{t("account")}</h2>
        <Show when={user()}>
          <p class="muted small">{t("accountText", { name: user()!.username })}</p>
        </Show>
      </header>
      <div class="grid-2">
        <PasswordForm />
        <UsernameForm />
      </div>
    </section>
  );
}
