// A local OpenAI-compatible chat server on 127.0.0.1 for tests and benchmarks: POST
// /v1/chat/completions answers from a handler, as one JSON response or as server-sent events
// (`stream: true`), with usage; a handler can also return an HTTP error or a delay.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatRequest {
  model: string;
  messages: { role: string; content: string }[];
  stream: boolean;
  body: Record<string, unknown>;
}

export type ChatReply =
  | { text: string; promptTokens?: number; completionTokens?: number; delayMs?: number }
  | { status: number; headers?: Record<string, string>; error?: string; delayMs?: number };

export type ChatHandler = (request: ChatRequest) => ChatReply | Promise<ChatReply>;

export interface OpenAiCompatibleServer {
  /** The base URL to configure, ending in /v1. */
  baseUrl: string;
  requests: ChatRequest[];
  close(): Promise<void>;
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part) => (typeof part === 'object' && part && 'text' in part ? String(part.text) : '')).join('');
  return '';
}

async function readBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

function answer(response: ServerResponse, chat: ChatRequest, reply: Extract<ChatReply, { text: string }>, includeUsage: boolean): void {
  const id = `chatcmpl-${Math.random().toString(36).slice(2)}`;
  const created = Math.floor(Date.now() / 1000);
  const usage = {
    prompt_tokens: reply.promptTokens ?? chat.messages.reduce((total, message) => total + Math.ceil(message.content.length / 4), 0),
    completion_tokens: reply.completionTokens ?? Math.ceil(reply.text.length / 4),
    total_tokens: 0,
  };
  usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
  if (!chat.stream) {
    sendJson(response, 200, {
      id, object: 'chat.completion', created, model: chat.model,
      choices: [{ index: 0, message: { role: 'assistant', content: reply.text }, finish_reason: 'stop' }],
      usage,
    });
    return;
  }
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  const chunk = (delta: Record<string, unknown>, finish: string | null, extra: Record<string, unknown> = {}): void => {
    response.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: chat.model, choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`);
  };
  chunk({ role: 'assistant', content: '' }, null);
  // Several pieces, so the client really assembles a stream.
  const size = Math.max(1, Math.ceil(reply.text.length / 4));
  for (let start = 0; start < reply.text.length; start += size) chunk({ content: reply.text.slice(start, start + size) }, null);
  chunk({}, 'stop', includeUsage ? { usage } : {});
  response.end('data: [DONE]\n\n');
}

export async function startOpenAiCompatibleServer(handler: ChatHandler): Promise<OpenAiCompatibleServer> {
  const requests: ChatRequest[] = [];
  const server: Server = createServer((request, response) => {
    void (async () => {
      if (request.method !== 'POST' || request.url !== '/v1/chat/completions') {
        sendJson(response, 404, { error: { message: `no route ${request.method} ${request.url}` } });
        return;
      }
      const body = await readBody(request);
      const messages = Array.isArray(body.messages) ? body.messages as { role: string; content: unknown }[] : [];
      const chat: ChatRequest = {
        model: String(body.model),
        messages: messages.map((message) => ({ role: message.role, content: contentText(message.content) })),
        stream: body.stream === true,
        body,
      };
      requests.push(chat);
      let reply: ChatReply;
      try {
        reply = await handler(chat);
      } catch (error) {
        reply = { status: 500, error: (error as Error).message };
      }
      if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
      if (response.destroyed) return;
      if ('status' in reply) {
        sendJson(response, reply.status, { error: { message: reply.error ?? `HTTP ${reply.status}`, type: 'server_error' } }, reply.headers);
        return;
      }
      const streamOptions = body.stream_options as { include_usage?: boolean } | undefined;
      answer(response, chat, reply, streamOptions?.include_usage === true);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
