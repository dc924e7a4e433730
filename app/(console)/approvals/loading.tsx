export default function Loading() {
  return <p className="text-sm text-slate-500">Loading approvals…</p>;
}
