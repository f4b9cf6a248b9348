/** @module Designer text (proposals, reviews) as markdown; raw HTML in it is shown as text, never run. */
import Markdown from 'react-markdown';
import remarkGfm from 'remark-gfm';

export function MarkdownText({ text }: { text: string }) {
  return <div className="markdown"><Markdown remarkPlugins={[remarkGfm]}>{text}</Markdown></div>;
}
