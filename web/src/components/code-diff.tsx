/** @module A unified line diff of two versions of a unit file (the `diff` library), with highlighting. */
import { diffLines } from 'diff';
import { useMemo } from 'react';
import { highlightPython } from './code-view.js';

interface DiffLine {
  kind: 'same' | 'added' | 'removed';
  text: string;
  left: number | null;
  right: number | null;
}

function lines(before: string, after: string): DiffLine[] {
  const result: DiffLine[] = [];
  let left = 1;
  let right = 1;
  for (const part of diffLines(before, after)) {
    const texts = part.value.replace(/\n$/, '').split('\n');
    for (const text of texts) {
      if (part.added) result.push({ kind: 'added', text, left: null, right: right++ });
      else if (part.removed) result.push({ kind: 'removed', text, left: left++, right: null });
      else result.push({ kind: 'same', text, left: left++, right: right++ });
    }
  }
  return result;
}

export function CodeDiff({ before, after }: { before: string; after: string }) {
  const diff = useMemo(() => lines(before, after), [before, after]);
  const changed = diff.filter((line) => line.kind !== 'same').length;
  return (
    <div>
      <div className="diff-summary">{changed === 0 ? 'identical' : `${diff.filter((l) => l.kind === 'added').length} lines added, ${diff.filter((l) => l.kind === 'removed').length} removed`}</div>
      <pre className="code-view code-diff hljs">
        <code>
          {diff.map((line, index) => (
            <span key={index} className={`code-line diff-${line.kind}`}>
              <span className="line-number">{line.left ?? ''}</span>
              <span className="line-number">{line.right ?? ''}</span>
              <span className="diff-mark">{line.kind === 'added' ? '+' : line.kind === 'removed' ? '−' : ' '}</span>
              <span dangerouslySetInnerHTML={{ __html: highlightPython(line.text) || ' ' }} />
            </span>
          ))}
        </code>
      </pre>
    </div>
  );
}
