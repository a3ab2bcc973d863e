/** The panel: routes, each page loaded when first visited but sign-in and the dashboard. */
import { Route, Router } from "@solidjs/router";
import { lazy } from "solid-js";
import { render } from "solid-js/web";
import { Shell } from "./components/Shell";
import Dashboard from "./routes/dashboard";
import NotFound from "./routes/not-found";
import SignIn from "./routes/sign-in";
import "./styles/tokens.css";
import "./styles/base.css";

const Channels = lazy(() => import("./routes/channels"));
const Groups = lazy(() => import("./routes/groups"));
const Prices = lazy(() => import("./routes/prices"));
const Logs = lazy(() => import("./routes/logs"));
const ApiKeys = lazy(() => import("./routes/api-keys"));
const Settings = lazy(() => import("./routes/settings"));

render(
  () => (
    <Router>
      <Route path="/sign-in" component={SignIn} />
      <Route path="/" component={Shell}>
        <Route path="/" component={Dashboard} />
        <Route path="/channels" component={Channels} />
        <Route path="/groups" component={Groups} />
        <Route path="/prices" component={Prices} />
        <Route path="/logs" component={Logs} />
        <Route path="/api-keys" component={ApiKeys} />
        <Route path="/settings" component={Settings} />
        <Route path="*" component={NotFound} />
      </Route>
    </Router>
  ),
  document.getElementById("root")!,
);
