import { PageHeader } from "../components/Card";

export default function Page() {
  return <PageHeader title="dashboard" description="Under construction" />;
}
