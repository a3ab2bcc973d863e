import { useNavigate, useSearchParams } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import { createAction } from "../api/query";
import { userApi } from "../api/user";
import { Button } from "../components/Button";
import { TextField } from "../components/Field";
import { Icon } from "../components/Icon";
import { Logo, Preferences } from "../components/Shell";
import { defineMessages, t as common, translator } from "../i18n";
import { safeNext, setUser } from "../lib/session";
import "./sign-in.css";

const t = translator(
  defineMessages(
    {
      title: "Sign in to Octopus",
      subtitle: "One base URL for every LLM client, your provider accounts behind it.",
      username: "Username",
      password: "Password",
      submit: "Sign in",
      wrong: "Wrong username or password.",
      throttled: "Too many failed attempts. Wait a minute, then try again.",
      firstTime: "First time here? The default account is admin / admin — you will be asked to change it.",
    },
    {
      title: "登录 Octopus",
      subtitle: "所有 LLM 客户端共用一个地址，背后是你的服务商账号。",
      username: "用户名",
      password: "密码",
      submit: "登录",
      wrong: "用户名或密码错误。",
      throttled: "失败次数过多，请一分钟后再试。",
      firstTime: "第一次使用？默认账号为 admin / admin，登录后会提示你修改密码。",
    },
  ),
);

export default function SignIn() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [username, setUsername] = createSignal("");
  const [password, setPassword] = createSignal("");
  const login = createAction(async () => {
    await userApi.login(username().trim(), password());
    setUser(await userApi.info());
  });

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    if ((await login.run()) === undefined && login.error()) return;
    navigate(safeNext(params.next as string | undefined), { replace: true });
  }

  const message = () => {
    const error = login.error();
    if (!error) return undefined;
    if (error.status === 401) return t("wrong");
    if (error.status === 429) return t("throttled");
    return error.offline ? common("error.network") : error.message;
  };

  return (
    <div class="sign-in">
      <div class="sign-in-top">
        <Logo />
        <Preferences />
      </div>
      <main class="sign-in-card">
        <h1>{t("title")}</h1>
        <p class="muted">{t("subtitle")}</p>
        <Show when={params.next && !login.error()}>
          <p class="sign-in-note small">{common("error.session")}</p>
        </Show>
        <form class="stack" onSubmit={submit} novalidate>
          <TextField label={t("username")} name="username" autocomplete="username" required value={username()} onValue={setUsername} autofocus />
          <TextField label={t("password")} name="password" type="password" autocomplete="current-password" required value={password()} onValue={setPassword} />
          <Show when={message()}>
            <p class="sign-in-error" role="alert">
              <Icon name="alert" size={16} />
              {message()}
            </p>
          </Show>
          <Button type="submit" variant="primary" busy={login.pending()} disabled={!username() || !password()}>
            {t("submit")}
          </Button>
        </form>
        <p class="faint xs">{t("firstTime")}</p>
      </main>
    </div>
  );
}
