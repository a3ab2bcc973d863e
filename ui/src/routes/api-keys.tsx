import { PageHeader } from "../components/Card";

export default function Page() {
  return <PageHeader title="api-keys" description="Under construction" />;
}
