import { PageHeader } from "../components/Card";

export default function Page() {
  return <PageHeader title="prices" description="Under construction" />;
}
