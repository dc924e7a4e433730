import { highlightCode } from '@/lib/incidents/highlight';
import { CopyButton } from './copy-button';

export function CodeBlock({ code, lang }: { code: string; lang?: string | null }) {
  const { html } = highlightCode(code, lang);
  return (
    <div className="group relative my-2" data-testid="code-block">
      <div className="absolute right-1.5 top-1.5 flex items-center gap-2">
        {lang && <span className="text-[10px] uppercase tracking-wide text-slate-400">{lang}</span>}
        <CopyButton text={code} />
      </div>
      <pre className="overflow-x-auto rounded-md border border-slate-200 bg-slate-100 p-3 pr-20 text-xs leading-relaxed dark:border-slate-800 dark:bg-slate-900">
        {/* highlightCode escapes everything it does not mark up */}
        <code className="hljs font-mono" dangerouslySetInnerHTML={{ __html: html }} />
      </pre>
    </div>
  );
}
