/**
 * A Sigstore instance on loopback (Fulcio under /fulcio, Rekor under /rekor, and a GitHub Actions
 * runner's OIDC token endpoint under /actions) and the trusted root that names its CA, log and CT
 * log keys, in the form `pipewarden verify --trusted-root` reads. Requests are bounded and
 * recorded; nothing leaves 127.0.0.1.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpRefusal } from './http-refusal.js';
import { TestFulcio } from './test-fulcio.js';
import { TestRekor } from './test-rekor.js';

export const TEST_OIDC_ISSUER = 'https://token.actions.githubusercontent.com';
const MAX_REQUEST_BYTES = 1024 * 1024;

export interface RecordedRequest {
  method: string;
  url: string;
  body: unknown;
  status: number;
}

/** The bearer a runner's job gets in ACTIONS_ID_TOKEN_REQUEST_TOKEN, to ask for its OIDC token. */
export const RUNNER_REQUEST_TOKEN = 'runner-request-token';

export interface SigstoreInstance {
  fulcioUrl: string;
  rekorUrl: string;
  /** ACTIONS_ID_TOKEN_REQUEST_URL */
  runnerTokenUrl: string;
  fulcio: TestFulcio;
  rekor: TestRekor;
  requests: RecordedRequest[];
  trustedRoot(): unknown;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) throw new HttpRefusal(413, 'request too large');
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpRefusal(400, 'the request body is not JSON');
  }
}

function answer(res: ServerResponse, record: RecordedRequest, status: number, body: unknown): void {
  record.status = status;
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body));
}

export interface InstanceOptions {
  /** How far Rekor's clock runs ahead of Fulcio's, to log an entry after its certificate expired. */
  rekorAheadMs?: number;
  /** The OIDC token the runner endpoint hands out for the audience sigstore. */
  runnerIdToken?: string;
}

export async function startSigstoreInstance(options: InstanceOptions = {}): Promise<SigstoreInstance> {
  const fulcio = await TestFulcio.create(TEST_OIDC_ISSUER, new Date(Date.now() - 60 * 60 * 1000));
  const rekor = new TestRekor('127.0.0.1');
  const requests: RecordedRequest[] = [];
  const server = createServer(async (req, res) => {
    const record: RecordedRequest = { method: req.method ?? '', url: req.url ?? '', body: undefined, status: 0 };
    requests.push(record);
    try {
      if (req.method === 'GET' && req.url === '/actions/token?audience=sigstore') {
        if (req.headers.authorization !== `Bearer ${RUNNER_REQUEST_TOKEN}` || !options.runnerIdToken) {
          throw new HttpRefusal(401, 'the runner token request is not authorised');
        }
        answer(res, record, 200, { value: options.runnerIdToken });
        return;
      }
      record.body = await readBody(req);
      if (req.method === 'POST' && req.url === '/fulcio/api/v2/signingCert') {
        answer(res, record, 200, await fulcio.signingCert(record.body, new Date()));
      } else if (req.method === 'POST' && req.url === '/rekor/api/v1/log/entries') {
        answer(res, record, 201, rekor.createEntry(record.body, new Date(Date.now() + (options.rekorAheadMs ?? 0))));
      } else {
        throw new HttpRefusal(404, `no route ${req.method} ${req.url}`);
      }
    } catch (error) {
      const status = error instanceof HttpRefusal ? error.status : 500;
      answer(res, record, status, { code: status, message: (error as Error).message });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const instance: SigstoreInstance = {
    fulcioUrl: `${base}/fulcio`,
    rekorUrl: `${base}/rekor`,
    runnerTokenUrl: `${base}/actions/token`,
    fulcio,
    rekor,
    requests,
    trustedRoot: () => ({
      mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
      tlogs: [logInstance(instance.rekorUrl, rekor.publicKeyDer, rekor.logId, fulcio.rootNotBefore)],
      certificateAuthorities: [
        {
          subject: { organization: 'pipewarden-test', commonName: 'test-fulcio-root' },
          uri: instance.fulcioUrl,
          certChain: { certificates: [{ rawBytes: fulcio.rootDer.toString('base64') }] },
          validFor: { start: fulcio.rootNotBefore.toISOString() },
        },
      ],
      ctlogs: [logInstance('http://ct.test', fulcio.ctLog.publicKeyDer, fulcio.ctLog.logId, fulcio.rootNotBefore)],
      timestampAuthorities: [],
    }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return instance;
}

function logInstance(baseUrl: string, publicKeyDer: Buffer, logId: Buffer, start: Date) {
  return {
    baseUrl,
    hashAlgorithm: 'SHA2_256',
    publicKey: {
      rawBytes: publicKeyDer.toString('base64'),
      keyDetails: 'PKIX_ECDSA_P256_SHA_256',
      validFor: { start: start.toISOString() },
    },
    logId: { keyId: logId.toString('base64') },
  };
}
