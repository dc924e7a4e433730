import { Badge } from '@/components/ui/badge';
import type { ApprovalView } from '@/lib/approvals/queries';

export function ApprovalStatus({ approval }: { approval: ApprovalView }) {
  if (approval.expired) return <Badge tone="gray">expired</Badge>;
  if (approval.status === 'pending') return <Badge tone="amber">waiting for approval</Badge>;
  if (approval.status === 'approved') return <Badge tone="green">approved</Badge>;
  if (approval.status === 'used') return <Badge tone="blue">used by run #{approval.runId}</Badge>;
  return <Badge tone="red">rejected</Badge>;
}
