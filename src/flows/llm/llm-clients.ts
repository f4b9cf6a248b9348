/**
 * @module One LLM client per store for a designer, so every design a process runs shares the
 * endpoint limits (concurrency, rate) and the model objects.
 */
import { createLlmClient, type CreateLlmClientOptions, type LlmClient } from '../../llm/index.js';
import type { Db } from '../../store/index.js';

export function llmClientsFor(options: Omit<CreateLlmClientOptions, 'db'>): (db: Db) => LlmClient {
  const clients = new Map<Db, LlmClient>();
  return (db) => {
    let client = clients.get(db);
    if (!client) {
      client = createLlmClient({ ...options, db });
      clients.set(db, client);
    }
    return client;
  };
}
