import { PageHeader } from "../components/Card";

export default function Page() {
  return <PageHeader title="settings" description="Under construction" />;
}
