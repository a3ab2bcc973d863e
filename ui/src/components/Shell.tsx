/**
 * The frame around every page: navigation (a sidebar on wide screens, a drawer on phones), the
 * theme and language switches, sign-out, and the default-password banner.
 */
import { A, useLocation, useNavigate } from "@solidjs/router";
import { createEffect, createSignal, For, onMount, Show, Suspense, type JSX } from "solid-js";
import { setUnauthorizedHandler } from "../api/client";
import { userApi } from "../api/user";
import { locale, LOCALES, setLocale, t, type Locale } from "../i18n";
import { safeNext, setUser, user } from "../lib/session";
import { setTheme, theme, type Theme } from "../lib/theme";
import { IconButton } from "./Button";
import { Icon, type IconName } from "./Icon";
import { Loading } from "./States";
import { Toaster } from "./Toast";
import "./Shell.css";

const NAV: { href: string; key: Parameters<typeof t>[0]; icon: IconName }[] = [
  { href: "/", key: "nav.dashboard", icon: "dashboard" },
  { href: "/channels", key: "nav.channels", icon: "channels" },
  { href: "/groups", key: "nav.groups", icon: "groups" },
  { href: "/prices", key: "nav.prices", icon: "prices" },
  { href: "/logs", key: "nav.logs", icon: "logs" },
  { href: "/api-keys", key: "nav.apiKeys", icon: "key" },
  { href: "/settings", key: "nav.settings", icon: "settings" },
];

const THEMES: { id: Theme; icon: IconName }[] = [
  { id: "system", icon: "monitor" },
  { id: "light", icon: "sun" },
  { id: "dark", icon: "moon" },
];

export function Logo() {
  return (
    <span class="logo">
      <img src="/favicon.svg" alt="" width="28" height="28" />
      <span class="logo-text">{t("app.name")}</span>
    </span>
  );
}

/** Theme and language, shown in the sidebar and on the sign-in page. */
export function Preferences() {
  const nextTheme = () => THEMES[(THEMES.findIndex((x) => x.id === theme()) + 1) % THEMES.length];
  return (
    <div class="preferences">
      <IconButton
        icon={THEMES.find((x) => x.id === theme())!.icon}
        label={`${t("theme.label")}: ${t(`theme.${theme()}`)}`}
        onClick={() => setTheme(nextTheme().id)}
      />
      <label class="sr-only" for="language">
        {t("language.label")}
      </label>
      <span class="language">
        <Icon name="language" size={16} />
        <select id="language" value={locale()} onChange={(e) => setLocale(e.currentTarget.value as Locale)}>
          <For each={LOCALES}>{(l) => <option value={l.id}>{l.name}</option>}</For>
        </select>
      </span>
    </div>
  );
}

export function Shell(props: { children?: JSX.Element }) {
  const navigate = useNavigate();
  const location = useLocation();
  const [menuOpen, setMenuOpen] = createSignal(false);

  const toSignIn = () => {
    // Every query of the page gets its own 401: the first one leads, the rest must not replace
    // its `next` with the sign-in page itself.
    if (location.pathname === "/sign-in") return;
    const here = location.pathname + location.search;
    setUser(undefined);
    navigate(`/sign-in?next=${encodeURIComponent(safeNext(here))}`, { replace: true });
  };
  setUnauthorizedHandler(toSignIn);
  onMount(() => {
    if (!user()) userApi.info().then(setUser, () => {});
  });
  createEffect(() => {
    location.pathname;
    setMenuOpen(false);
  });

  async function signOut() {
    await userApi.logout().catch(() => {});
    setUser(undefined);
    navigate("/sign-in", { replace: true });
  }

  const nav = () => (
    <nav aria-label={t("nav.main")} class="nav">
      <For each={NAV}>
        {(item) => (
          <A href={item.href} end={item.href === "/"} class="nav-link" activeClass="active">
            <Icon name={item.icon} />
            <span>{t(item.key)}</span>
          </A>
        )}
      </For>
    </nav>
  );

  return (
    <div class="shell" classList={{ "menu-open": menuOpen() }}>
      <a class="skip-link" href="#main">
        {t("nav.skip")}
      </a>
      <aside class="sidebar">
        <div class="sidebar-top">
          <Logo />
          <IconButton class="menu-close" icon="close" label={t("action.close")} onClick={() => setMenuOpen(false)} />
        </div>
        {nav()}
        <div class="sidebar-bottom">
          <Show when={user()}>
            <div class="who">
              <span class="avatar" aria-hidden="true">
                {user()!.username.slice(0, 1).toUpperCase()}
              </span>
              <span class="ellipsis grow">{user()!.username}</span>
              <IconButton icon="logout" size="sm" label={t("nav.signOut")} onClick={signOut} />
            </div>
          </Show>
          <Preferences />
        </div>
      </aside>
      <div class="scrim" onClick={() => setMenuOpen(false)} aria-hidden="true" />
      <div class="main-col">
        <header class="topbar">
          <IconButton icon="menu" label={t("nav.menu")} onClick={() => setMenuOpen(true)} aria-expanded={menuOpen()} />
          <Logo />
        </header>
        <Show when={user()?.default_password}>
          <div class="banner" role="alert">
            <Icon name="alert" size={18} />
            <span class="grow">{t("banner.defaultPassword")}</span>
            <A href="/settings#account">{t("banner.changePassword")} →</A>
          </div>
        </Show>
        <main id="main" class="content" tabIndex={-1}>
          <Suspense fallback={<Loading rows={5} />}>{props.children}</Suspense>
        </main>
      </div>
      <Toaster />
    </div>
  );
}
