// A local stand-in for the Hugging Face Hub's parquet API, for the data tests (no network):
// `/api/datasets/<id>/parquet` lists each config's splits, `/files/<name>` serves files of a folder.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** Dataset id -> config -> split -> file names (served from the folder under /files/). */
export type HubDatasets = Record<string, Record<string, Record<string, string[]>>>;

export interface HubStandIn {
  endpoint: string;
  /** Every URL requested, in order. */
  requests: string[];
  close(): Promise<void>;
}

export async function startHubStandIn(folder: string, datasets: HubDatasets): Promise<HubStandIn> {
  const requests: string[] = [];
  let endpoint = '';
  const server = createServer((request, response) => {
    const url = request.url ?? '';
    requests.push(url);
    const index = /^\/api\/datasets\/(.+)\/parquet$/.exec(url);
    const dataset = index ? datasets[index[1] ?? ''] : undefined;
    if (dataset) {
      const urls = Object.fromEntries(Object.entries(dataset).map(([config, splits]) => [config,
        Object.fromEntries(Object.entries(splits).map(([split, names]) => [split, names.map((name) => `${endpoint}/files/${name}`)]))]));
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify(urls));
    } else if (url.startsWith('/files/')) {
      response.end(readFileSync(join(folder, url.slice('/files/'.length))));
    } else {
      response.statusCode = 404;
      response.end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { endpoint, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A loopback port that nothing listens on: bind one, then close it. */
export async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
