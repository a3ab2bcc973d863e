import { PageHeader } from "../components/Card";

export default function Page() {
  return <PageHeader title="groups" description="Under construction" />;
}
