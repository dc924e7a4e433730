import { highlightCode } from '@/lib/incidents/highlight';
import { CopyButton } from './copy-button';

/**
 * The language label and Copy sit in a bar of their own above the code: laid
 * over the first line they covered it, and each other on a narrow screen.
 */
export function CodeBlock({ code, lang }: { code: string; lang?: string | null }) {
  const { html } = highlightCode(code, lang);
  return (
    <div
      className="my-2 overflow-hidden rounded-md border border-slate-200 bg-slate-100 dark:border-slate-800 dark:bg-slate-900"
      data-testid="code-block"
    >
      <div className="flex items-center justify-between gap-2 border-b border-slate-200 px-2 py-1 dark:border-slate-800">
        <span
          className="text-[11px] uppercase tracking-wide text-slate-600 dark:text-slate-400"
          data-testid="code-lang"
        >
          {lang ?? ''}
        </span>
        <CopyButton text={code} />
      </div>
      <pre className="overflow-x-auto p-3 text-xs leading-relaxed">
        {/* highlightCode escapes everything it does not mark up */}
        <code className="hljs font-mono" dangerouslySetInnerHTML={{ __html: html }} />
      </pre>
    </div>
  );
}
