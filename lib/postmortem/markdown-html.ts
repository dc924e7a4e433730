import type { Nodes } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { esc } from './render-svg';

const processor = unified().use(remarkParse).use(remarkGfm);

/**
 * Document Markdown (a fix body, a root cause) → HTML for the printable
 * export. Everything is escaped; raw HTML in the document is shown as text,
 * links keep only http(s)/mailto targets and images become their alt text
 * (the PDF is rendered with the network off, and nothing may call out).
 */
export function markdownToHtml(markdown: string): string {
  return render(processor.parse(markdown) as Nodes);
}

function render(node: Nodes): string {
  const kids = () => ('children' in node ? (node.children as Nodes[]).map(render).join('') : '');
  switch (node.type) {
    case 'root':
      return kids();
    case 'paragraph':
      return `<p>${kids()}</p>`;
    case 'heading':
      return `<h${Math.min(6, node.depth + 3)} class="md-h">${kids()}</h${Math.min(6, node.depth + 3)}>`;
    case 'text':
      return esc(node.value);
    case 'emphasis':
      return `<em>${kids()}</em>`;
    case 'strong':
      return `<strong>${kids()}</strong>`;
    case 'delete':
      return `<del>${kids()}</del>`;
    case 'inlineCode':
      return `<code>${esc(node.value)}</code>`;
    case 'code':
      return `<pre><code>${esc(node.value)}</code></pre>`;
    case 'html':
      return `<code>${esc(node.value)}</code>`;
    case 'break':
      return '<br>';
    case 'thematicBreak':
      return '<hr>';
    case 'blockquote':
      return `<blockquote>${kids()}</blockquote>`;
    case 'list':
      return node.ordered ? `<ol>${kids()}</ol>` : `<ul>${kids()}</ul>`;
    case 'listItem': {
      const box = typeof node.checked === 'boolean' ? (node.checked ? '☑ ' : '☐ ') : '';
      const inner = node.spread
        ? kids()
        : node.children
            .map((c) => (c.type === 'paragraph' ? render({ ...c, type: 'root' } as Nodes) : render(c)))
            .join('');
      return `<li>${box}${inner}</li>`;
    }
    case 'link':
      return /^(https?:|mailto:)/i.test(node.url) ? `<a href="${esc(node.url)}">${kids()}</a>` : `${kids()}`;
    case 'image':
      return `[${esc(node.alt ?? 'image')}]`;
    case 'table':
      return `<table>${kids()}</table>`;
    case 'tableRow':
      return `<tr>${kids()}</tr>`;
    case 'tableCell':
      return `<td>${kids()}</td>`;
    default:
      return 'value' in node && typeof node.value === 'string' ? esc(node.value) : kids();
  }
}
