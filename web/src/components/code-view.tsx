/** @module Python unit code with syntax highlighting and line numbers. */
import hljs from 'highlight.js/lib/core';
import python from 'highlight.js/lib/languages/python';
import 'highlight.js/styles/github.css';
import { useMemo } from 'react';

hljs.registerLanguage('python', python);

/** Highlighted HTML for one line of Python (highlight.js escapes the text). */
export function highlightPython(code: string): string {
  return hljs.highlight(code, { language: 'python', ignoreIllegals: true }).value;
}

export function CodeView({ code, label }: { code: string; label?: string }) {
  // Highlighting the whole file keeps multi-line strings right; lines are split afterwards.
  const lines = useMemo(() => highlightPython(code).split('\n'), [code]);
  return (
    <pre className="code-view hljs" aria-label={label}>
      <code>
        {lines.map((line, index) => (
          <span className="code-line" key={index}>
            <span className="line-number">{index + 1}</span>
            <span dangerouslySetInnerHTML={{ __html: line || ' ' }} />
          </span>
        ))}
      </code>
    </pre>
  );
}
