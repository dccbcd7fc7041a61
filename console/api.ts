/**
 * The staff API client: JSON over fetch, same origin. Every failure, HTTP or network, is thrown as
 * an ApiRequestError so that views can show it with `describeError`.
 */
import type {
  Catalog,
  CreatedScreen,
  Disclosure,
  PlaylistEntry,
  PlaylistEntryInput,
  Publication,
  Screen,
  Version,
} from './api-types.ts';

export class ApiRequestError extends Error {
  override name = 'ApiRequestError';

  constructor(
    /** HTTP status, or 0 when no response arrived. */
    readonly status: number,
    /** The server's stable error code, `network` or `invalid_response`. */
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, headers: { accept: 'application/json' } };
  if (body !== undefined) {
    init.headers = { ...init.headers, 'content-type': 'application/json' };
    init.body = JSON.stringify(body);
  }

  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    throw new ApiRequestError(0, 'network', error instanceof Error ? error.message : String(error));
  }

  const payload: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw errorFromResponse(response, payload);

  if (payload === undefined) {
    throw new ApiRequestError(response.status, 'invalid_response', `${method} ${path}: not JSON`);
  }
  return payload as T;
}

function errorFromResponse(response: Response, payload: unknown): ApiRequestError {
  const error = (payload as { error?: { code?: unknown; message?: unknown; field?: unknown } })
    ?.error;
  const code = typeof error?.code === 'string' ? error.code : `http_${response.status}`;
  const message =
    typeof error?.message === 'string'
      ? error.message
      : `HTTP ${response.status} ${response.statusText}`.trim();
  const field = typeof error?.field === 'string' ? error.field : undefined;
  return new ApiRequestError(response.status, code, message, field);
}

export async function getCatalog(): Promise<Catalog> {
  return request<Catalog>('GET', '/api/catalog');
}

export async function listDisclosures(): Promise<Disclosure[]> {
  return (await request<{ disclosures: Disclosure[] }>('GET', '/api/disclosures')).disclosures;
}

export async function getDisclosure(id: number): Promise<Disclosure & { versions: Version[] }> {
  type Result = { disclosure: Disclosure & { versions: Version[] } };
  return (await request<Result>('GET', `/api/disclosures/${id}`)).disclosure;
}

export interface DisclosureInput {
  title?: string;
  /** Plain text: blank lines separate paragraphs. */
  body?: string;
  formedOn?: string | null;
}

export async function createDisclosure(
  input: DisclosureInput & { catalogItem: number },
): Promise<Disclosure> {
  return (await request<{ disclosure: Disclosure }>('POST', '/api/disclosures', input)).disclosure;
}

/** Save a new version of a disclosure; while it is published, screens show it at once. */
export async function updateDisclosure(id: number, input: DisclosureInput): Promise<Disclosure> {
  const path = `/api/disclosures/${id}`;
  return (await request<{ disclosure: Disclosure }>('PUT', path, input)).disclosure;
}

export async function publishDisclosure(id: number): Promise<Disclosure> {
  const path = `/api/disclosures/${id}/publish`;
  return (await request<{ disclosure: Disclosure }>('POST', path)).disclosure;
}

export async function withdrawDisclosure(id: number): Promise<Disclosure> {
  const path = `/api/disclosures/${id}/withdraw`;
  return (await request<{ disclosure: Disclosure }>('POST', path)).disclosure;
}

export async function listScreens(): Promise<Screen[]> {
  return (await request<{ screens: Screen[] }>('GET', '/api/screens')).screens;
}

export async function createScreen(input: {
  name: string;
  location?: string;
  orientation?: Screen['orientation'];
}): Promise<CreatedScreen> {
  return request<CreatedScreen>('POST', '/api/screens', input);
}

export async function getPlaylist(screenId: number): Promise<PlaylistEntry[]> {
  const path = `/api/screens/${screenId}/playlist`;
  return (await request<{ entries: PlaylistEntry[] }>('GET', path)).entries;
}

export async function savePlaylist(
  screenId: number,
  entries: PlaylistEntryInput[],
): Promise<PlaylistEntry[]> {
  const path = `/api/screens/${screenId}/playlist`;
  return (await request<{ entries: PlaylistEntry[] }>('PUT', path, { entries })).entries;
}

export interface PublicationQuery {
  screen?: number;
  /** Shanghai calendar dates, YYYY-MM-DD, both inclusive. */
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

export async function listPublications(
  query: PublicationQuery,
): Promise<{ publications: Publication[]; total: number }> {
  const params = new URLSearchParams();
  if (query.screen !== undefined) params.set('screen', String(query.screen));
  if (query.from) params.set('from', query.from);
  if (query.to) params.set('to', query.to);
  params.set('limit', String(query.limit));
  params.set('offset', String(query.offset));
  return request('GET', `/api/publications?${params}`);
}
