import { A } from "@solidjs/router";
import { EmptyState } from "../components/States";
import { t } from "../i18n";

export default function NotFound() {
  return <EmptyState icon="alert" title={t("nav.notFound")} action={<A href="/">{t("nav.home")}</A>} />;
}
