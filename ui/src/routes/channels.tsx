import { PageHeader } from "../components/Card";

export default function Page() {
  return <PageHeader title="channels" description="Under construction" />;
}
