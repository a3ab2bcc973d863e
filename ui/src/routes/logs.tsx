import { PageHeader } from "../components/Card";

export default function Page() {
  return <PageHeader title="logs" description="Under construction" />;
}
