export default function Loading() {
  return <div className="animate-pulse text-slate-500" aria-busy="true">Loading…</div>;
}
