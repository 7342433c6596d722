/**
 * A local stand-in for the GitHub REST API that replays recorded answers, so the real online
 * client is tested without the internet. Answers are keyed by method-less request path with query
 * (`/repos/o/r/tags?per_page=100`); each may be a recorded answer or a function of the request
 * (rate limits, delays, ETag checks). Every request is recorded with the headers that matter.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedAnswer {
  status?: number;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
}

export type Answer =
  | RecordedAnswer
  | ((req: IncomingMessage, res: ServerResponse) => RecordedAnswer | undefined | Promise<RecordedAnswer | undefined>);

export interface SeenRequest {
  url: string;
  accept: string;
  authorization: string;
  ifNoneMatch: string;
}

export interface Replay {
  url: string;
  host: string;
  requests: SeenRequest[];
  answers: Map<string, Answer>;
  close(): Promise<void>;
}

export async function startReplay(answers: Record<string, Answer> = {}, prefix = ''): Promise<Replay> {
  const requests: SeenRequest[] = [];
  const table = new Map(Object.entries(answers));
  const server: Server = createServer(async (req, res) => {
    const url = req.url ?? '';
    requests.push({
      url,
      accept: String(req.headers.accept ?? ''),
      authorization: String(req.headers.authorization ?? ''),
      ifNoneMatch: String(req.headers['if-none-match'] ?? ''),
    });
    const key = prefix && url.startsWith(prefix) ? url.slice(prefix.length) : url;
    const answer = table.get(key);
    const recorded = typeof answer === 'function' ? await answer(req, res) : answer;
    if (res.writableEnded) return;
    const { status, headers, body } = recorded ?? {
      status: 404,
      body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' },
    };
    res.statusCode = status ?? 200;
    for (const [name, value] of Object.entries(headers ?? {})) res.setHeader(name, value);
    if (body === undefined) return res.end();
    if (typeof body === 'string') return res.end(body);
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `http://${host}${prefix}`,
    host,
    requests,
    answers: table,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
