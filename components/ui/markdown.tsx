import ReactMarkdown from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { CodeBlock } from './code-block';

/**
 * Renders document Markdown as React elements: raw HTML is dropped (skipHtml)
 * and react-markdown's URL transform blanks javascript: links, so an
 * imported `<script>` never becomes markup.
 */
export function Markdown({ children }: { children: string }) {
  return (
    <div className="markdown space-y-2 leading-relaxed">
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        skipHtml
        components={{
          pre: ({ children }) => <>{children}</>,
          code: ({ className, children }) => {
            const text = String(children ?? '');
            const lang = /language-([\w-]+)/.exec(className ?? '')?.[1];
            if (!className && !text.includes('\n')) {
              return (
                <code className="rounded bg-slate-200 px-1 py-0.5 font-mono text-[0.85em] dark:bg-slate-800">
                  {children}
                </code>
              );
            }
            return <CodeBlock code={text.replace(/\n$/, '')} lang={lang} />;
          },
          a: ({ href, children }) => (
            <a href={href} rel="noopener noreferrer nofollow" className="text-sky-600 underline dark:text-sky-400">
              {children}
            </a>
          ),
          h1: ({ children }) => <h4 className="font-semibold">{children}</h4>,
          h2: ({ children }) => <h4 className="font-semibold">{children}</h4>,
          h3: ({ children }) => <h4 className="font-semibold">{children}</h4>,
          h4: ({ children }) => <h5 className="font-semibold">{children}</h5>,
          ul: ({ children }) => <ul className="list-disc space-y-0.5 pl-5">{children}</ul>,
          ol: ({ children }) => <ol className="list-decimal space-y-0.5 pl-5">{children}</ol>,
          // A wide table scrolls inside its own box instead of widening the page on a phone.
          table: ({ children }) => (
            <div className="overflow-x-auto">
              <table className="w-full border-collapse text-xs [&_td]:border [&_td]:border-slate-200 [&_td]:px-2 [&_td]:py-1 [&_th]:border [&_th]:border-slate-200 [&_th]:px-2 [&_th]:py-1 dark:[&_td]:border-slate-800 dark:[&_th]:border-slate-800">
                {children}
              </table>
            </div>
          ),
        }}
      >
        {children}
      </ReactMarkdown>
    </div>
  );
}
