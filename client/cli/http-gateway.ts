// The case engine seen through the HTTP API (/api/v1, client/api/plugin.ts): the CLI's `--api URL
// --token T` mode. It implements the same CaseGateway as TemporalCaseGateway, so every command runs
// the same code whichever way it reaches the cases. Failures keep the API's answer:
// `{ error, details: [{ path, message }] }` and the status code (400 bad input, 401/403 access,
// 404 unknown case, 409 refused by the case, 503 not now: try again later).
import type { CaseRegistration } from '../../domain/case';
import type { HumanEvent } from '../../domain/events';
import type { DeliveryRecord } from '../../domain/notifications';
import type { LogEntry } from '../../domain/rules';
import type { EventReceipt } from '../../workflows/messages';
import type { FullCaseStatus } from '../cases';
import { MAX_PAGE_LIMIT, type CaseGateway, type CaseListFilter, type CaseListPage, type CaseRecordExport, type OutstandingFilter, type OutstandingPage, type PageRequest } from '../api/gateway';
import { debugLog } from './debug-log';

/** The event endpoint of each event type (POST /api/v1/cases/:dnr/<path>). */
const EVENT_PATHS: Record<HumanEvent['type'], string> = {
  'beredning-recorded': 'beredning',
  'rsr-decided': 'rsr-beslut',
  'justering-recorded': 'justering',
  'anslag-posted': 'anslag',
  'huvudman-decided': 'beslut',
  'appeal-filed': 'overklagande',
  withdrawn: 'aterkallelse',
  'correction-recorded': 'rattelse',
};

export interface ApiProblemDetail {
  path: string;
  message: string;
}

/** An API answer that was not 2xx; `status` 0 means the server could not be reached or answered nonsense. */
export class ApiRequestError extends Error {
  override name = 'ApiRequestError';
  constructor(
    readonly status: number,
    message: string,
    readonly details: ApiProblemDetail[] = [],
  ) {
    super(message);
  }
}

/** `RS/62/2026` → `RS-62-2026`, the API's URL form of a Dnr. */
const slug = (dnr: string) => encodeURIComponent(dnr.replaceAll('/', '-'));

function query(params: object): string {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined).map(([k, v]): [string, string] => [k, String(v)]);
  return entries.length === 0 ? '' : `?${new URLSearchParams(entries).toString()}`;
}

export class HttpCaseGateway implements CaseGateway {
  private readonly base: string;

  constructor(
    baseUrl: string,
    private readonly token: string,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {
    this.base = baseUrl.replace(/\/+$/, '');
  }

  private async request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const url = `${this.base}/api/v1${path}`;
    const started = Date.now();
    let response: Response;
    try {
      response = await this.fetchImpl(url, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      debugLog().debug({ method, path: `/api/v1${path}`, ms: Date.now() - started, err }, 'API request failed: no answer');
      throw new ApiRequestError(0, `API:t på ${this.base} svarar inte (${cause?.code ?? cause?.message ?? (err as Error).message}); kontrollera --api eller ARENDE_API_URL (npm start skriver ut adressen)`);
    }
    const text = await response.text();
    // The server's request id finds its own lines for this request (client/http/logging.ts).
    debugLog().debug({ method, path: `/api/v1${path}`, status: response.status, ms: Date.now() - started, requestId: response.headers.get('x-request-id') ?? undefined }, 'API request');
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      throw new ApiRequestError(response.ok ? 0 : response.status, `API:t svarade ${response.status} med något annat än JSON på ${method} ${url}`);
    }
    if (response.ok) return parsed as T;
    const problem = parsed as { error?: unknown; details?: unknown } | undefined;
    const message = typeof problem?.error === 'string' ? problem.error : `API:t svarade ${response.status} ${response.statusText}`;
    const details = Array.isArray(problem?.details)
      ? problem.details.filter((d): d is ApiProblemDetail => typeof d?.path === 'string' && typeof d?.message === 'string')
      : [];
    throw new ApiRequestError(response.status, message, details);
  }

  register(registration: CaseRegistration) {
    return this.request<{ dnr: string; created: boolean; message: string }>('POST', '/cases', registration);
  }

  recordEvent(dnr: string, event: HumanEvent) {
    return this.request<EventReceipt>('POST', `/cases/${slug(dnr)}/${EVENT_PATHS[event.type]}`, event);
  }

  closeTrack(dnr: string, party: string, reason: string) {
    return this.request<EventReceipt>('POST', `/cases/${slug(dnr)}/tracks/${encodeURIComponent(party)}/close`, { reason });
  }

  retryDelivery(dnr: string, key: string, _actor?: string, attempt?: number) {
    return this.request<DeliveryRecord>('POST', `/cases/${slug(dnr)}/deliveries/retry`, attempt === undefined ? { key } : { key, attempt });
  }

  status(dnr: string) {
    return this.request<FullCaseStatus>('GET', `/cases/${slug(dnr)}`);
  }

  events(dnr: string) {
    return this.request<LogEntry[]>('GET', `/cases/${slug(dnr)}/events`);
  }

  list(filter: CaseListFilter & PageRequest) {
    return this.pages<CaseListPage>('/cases', filter);
  }

  outstanding(filter: OutstandingFilter & PageRequest) {
    return this.pages<OutstandingPage>('/outstanding', filter);
  }

  /** The page asked for; without a limit every match, fetched a largest page at a time (the API sends at most that many). */
  private async pages<P extends { items: unknown[]; total: number; limit: number; offset: number }>(path: string, filter: object & PageRequest): Promise<P> {
    if (filter.limit !== undefined) return this.request<P>('GET', `${path}${query(filter)}`);
    const start = filter.offset ?? 0;
    const first = await this.request<P>('GET', `${path}${query({ ...filter, limit: MAX_PAGE_LIMIT, offset: start })}`);
    const items = [...first.items];
    while (first.items.length > 0 && start + items.length < first.total) {
      const next = await this.request<P>('GET', `${path}${query({ ...filter, limit: MAX_PAGE_LIMIT, offset: start + items.length })}`);
      if (next.items.length === 0) break;
      items.push(...next.items);
    }
    return { ...first, items, limit: items.length, offset: start };
  }

  exportRecord(dnr: string) {
    return this.request<CaseRecordExport>('GET', `/cases/${slug(dnr)}/export`);
  }
}
