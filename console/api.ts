/**
 * The staff API client: JSON over fetch, same origin, with the session cookie. Every failure, HTTP
 * or network, is thrown as an ApiRequestError so that views can show it with `describeError`.
 * A 401 from any call but the login itself also fires `gk-unauthorized` on window, which sends
 * the console back to its login page.
 */
import type { Block } from '../shared/content.ts';
import type {
  AuditEntry,
  Catalog,
  Certificate,
  ChannelRecord,
  ChannelRecordInput,
  Disclosure,
  DisclosureDetail,
  Emergency,
  Group,
  ImageRef,
  Ledger,
  LedgerPolicy,
  ManagedUser,
  PlaylistEntry,
  PlaylistEntryInput,
  Publication,
  Role,
  Screen,
  Settings,
  Ticker,
  TimelineSegment,
  UploadedImage,
  User,
} from './api-types.ts';

export const UNAUTHORIZED_EVENT = 'gk-unauthorized';

export class ApiRequestError extends Error {
  override name = 'ApiRequestError';

  constructor(
    /** HTTP status, or 0 when no response arrived. */
    readonly status: number,
    /** The server's stable error code, `network` or `invalid_response`. */
    readonly code: string,
    message: string,
    readonly field?: string,
    /** Seconds to wait, from a 429 response. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

interface RequestOptions {
  /** Raw bytes to send instead of JSON. */
  raw?: Blob;
  /** Do not announce a 401 (the login form handles its own). */
  quiet401?: boolean;
}

async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const init: RequestInit = { method, headers, credentials: 'same-origin' };
  if (options.raw) {
    headers['content-type'] = options.raw.type || 'application/octet-stream';
    init.body = options.raw;
  } else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }

  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    throw new ApiRequestError(0, 'network', error instanceof Error ? error.message : String(error));
  }

  if (response.status === 204) return undefined as T;
  const payload: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    if (response.status === 401 && !options.quiet401) {
      window.dispatchEvent(new CustomEvent(UNAUTHORIZED_EVENT));
    }
    throw errorFromResponse(response, payload);
  }

  if (payload === undefined) {
    throw new ApiRequestError(response.status, 'invalid_response', `${method} ${path}: not JSON`);
  }
  return payload as T;
}

function errorFromResponse(response: Response, payload: unknown): ApiRequestError {
  const error = (
    payload as {
      error?: { code?: unknown; message?: unknown; field?: unknown; retryAfterSeconds?: unknown };
    }
  )?.error;
  const code = typeof error?.code === 'string' ? error.code : `http_${response.status}`;
  const message =
    typeof error?.message === 'string'
      ? error.message
      : `HTTP ${response.status} ${response.statusText}`.trim();
  const field = typeof error?.field === 'string' ? error.field : undefined;
  const header = Number(response.headers.get('retry-after'));
  const retry =
    typeof error?.retryAfterSeconds === 'number'
      ? error.retryAfterSeconds
      : typeof (payload as { retryAfterSeconds?: unknown })?.retryAfterSeconds === 'number'
        ? (payload as { retryAfterSeconds: number }).retryAfterSeconds
        : Number.isFinite(header) && header > 0
          ? header
          : undefined;
  return new ApiRequestError(response.status, code, message, field, retry);
}

// Session and account.

export async function login(name: string, password: string): Promise<User> {
  const result = await request<{ user: User }>(
    'POST',
    '/api/session',
    { name, password },
    { quiet401: true },
  );
  return result.user;
}

/** The signed-in user, or null when there is no session. */
export async function currentUser(): Promise<User | null> {
  try {
    return (await request<{ user: User }>('GET', '/api/session', undefined, { quiet401: true }))
      .user;
  } catch (error) {
    if (error instanceof ApiRequestError && error.status === 401) return null;
    throw error;
  }
}

export async function logout(): Promise<void> {
  await request<void>('DELETE', '/api/session', undefined, { quiet401: true });
}

export async function changePassword(current: string, next: string): Promise<void> {
  await request<void>('POST', '/api/session/password', { current, next });
}

export async function listUsers(): Promise<ManagedUser[]> {
  return (await request<{ users: ManagedUser[] }>('GET', '/api/users')).users;
}

export async function createUser(input: {
  name: string;
  role: Role;
  password: string;
}): Promise<ManagedUser> {
  return (await request<{ user: ManagedUser }>('POST', '/api/users', input)).user;
}

export async function updateUser(
  id: number,
  change: { role?: Role; disabled?: boolean; password?: string },
): Promise<ManagedUser> {
  return (await request<{ user: ManagedUser }>('PATCH', `/api/users/${id}`, change)).user;
}

export async function getSettings(): Promise<Settings> {
  return (await request<{ settings: Settings }>('GET', '/api/settings')).settings;
}

export async function saveSettings(change: Partial<Settings>): Promise<Settings> {
  return (await request<{ settings: Settings }>('PUT', '/api/settings', change)).settings;
}

// Catalog and disclosures.

export async function getCatalog(): Promise<Catalog> {
  return request<Catalog>('GET', '/api/catalog');
}

export async function listDisclosures(): Promise<Disclosure[]> {
  return (await request<{ disclosures: Disclosure[] }>('GET', '/api/disclosures')).disclosures;
}

export async function getDisclosure(id: number): Promise<DisclosureDetail> {
  return (await request<{ disclosure: DisclosureDetail }>('GET', `/api/disclosures/${id}`))
    .disclosure;
}

export interface DisclosureInput {
  title?: string;
  body?: Block[];
  images?: ImageRef[];
  formedOn?: string | null;
  /** The 公示期, ISO instants at +08:00. */
  displayFrom?: string | null;
  displayUntil?: string | null;
}

export async function createDisclosure(
  input: DisclosureInput & { catalogItem: number },
): Promise<Disclosure> {
  return (await request<{ disclosure: Disclosure }>('POST', '/api/disclosures', input)).disclosure;
}

/** Save the working version (a new draft version when the latest one is published). */
export async function updateDisclosure(id: number, input: DisclosureInput): Promise<Disclosure> {
  const path = `/api/disclosures/${id}`;
  return (await request<{ disclosure: Disclosure }>('PUT', path, input)).disclosure;
}

export type DisclosureAction = 'submit' | 'approve' | 'return' | 'withdraw' | 'publish';

export async function disclosureAction(
  id: number,
  action: DisclosureAction,
  comment?: string,
): Promise<Disclosure> {
  const path = `/api/disclosures/${id}/${action}`;
  const body = action === 'return' ? { comment } : undefined;
  return (await request<{ disclosure: Disclosure }>('POST', path, body)).disclosure;
}

export async function uploadImage(file: Blob): Promise<UploadedImage> {
  return (await request<{ image: UploadedImage }>('POST', '/api/images', undefined, { raw: file }))
    .image;
}

// Screens, groups and schedules.

export async function listScreens(): Promise<Screen[]> {
  return (await request<{ screens: Screen[] }>('GET', '/api/screens')).screens;
}

export interface ScreenInput {
  name: string;
  location: string;
  orientation: Screen['orientation'];
  channel: string;
  groupIds: number[];
}

export async function pairScreen(input: ScreenInput & { code: string }): Promise<Screen> {
  return (await request<{ screen: Screen }>('POST', '/api/screens/pair', input)).screen;
}

export async function updateScreen(id: number, change: Partial<ScreenInput>): Promise<Screen> {
  return (await request<{ screen: Screen }>('PATCH', `/api/screens/${id}`, change)).screen;
}

export async function revokeScreen(id: number): Promise<void> {
  await request<unknown>('POST', `/api/screens/${id}/revoke`);
}

export async function listGroups(): Promise<Group[]> {
  return (await request<{ groups: Group[] }>('GET', '/api/groups')).groups;
}

export async function createGroup(name: string, screenIds: number[] = []): Promise<Group> {
  return (await request<{ group: Group }>('POST', '/api/groups', { name, screenIds })).group;
}

export async function updateGroup(
  id: number,
  change: { name?: string; screenIds?: number[] },
): Promise<Group> {
  return (await request<{ group: Group }>('PATCH', `/api/groups/${id}`, change)).group;
}

export async function deleteGroup(id: number): Promise<void> {
  await request<unknown>('DELETE', `/api/groups/${id}`);
}

/** Whose schedule: one screen's own entries or a group's. */
export interface ScheduleOwner {
  kind: 'screens' | 'groups';
  id: number;
}

export async function getPlaylist(owner: ScheduleOwner): Promise<PlaylistEntry[]> {
  const path = `/api/${owner.kind}/${owner.id}/playlist`;
  return (await request<{ entries: PlaylistEntry[] }>('GET', path)).entries;
}

export async function savePlaylist(
  owner: ScheduleOwner,
  entries: PlaylistEntryInput[],
): Promise<PlaylistEntry[]> {
  const path = `/api/${owner.kind}/${owner.id}/playlist`;
  return (await request<{ entries: PlaylistEntry[] }>('PUT', path, { entries })).entries;
}

export async function getTimeline(
  screenId: number,
  date: string,
  days: number,
): Promise<TimelineSegment[]> {
  const path = `/api/screens/${screenId}/timeline?date=${date}&days=${days}`;
  return (await request<{ segments: TimelineSegment[] }>('GET', path)).segments;
}

// Logs.

export interface PublicationQuery {
  screen?: number;
  disclosure?: number;
  /** Catalog item number. */
  item?: number;
  /** Shanghai calendar dates, YYYY-MM-DD, both inclusive. */
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

export function publicationParams(query: Omit<PublicationQuery, 'limit' | 'offset'>) {
  const params = new URLSearchParams();
  if (query.screen !== undefined) params.set('screen', String(query.screen));
  if (query.disclosure !== undefined) params.set('disclosure', String(query.disclosure));
  if (query.item !== undefined) params.set('item', String(query.item));
  if (query.from) params.set('from', query.from);
  if (query.to) params.set('to', query.to);
  return params;
}

export async function listPublications(
  query: PublicationQuery,
): Promise<{ publications: Publication[]; total: number }> {
  const params = publicationParams(query);
  params.set('limit', String(query.limit));
  params.set('offset', String(query.offset));
  return request('GET', `/api/publications?${params}`);
}

export async function listAudit(
  limit: number,
  offset: number,
): Promise<{ entries: AuditEntry[]; total: number }> {
  return request('GET', `/api/audit?limit=${limit}&offset=${offset}`);
}

// Emergency notices and tickers.

export async function listEmergencies(): Promise<Emergency[]> {
  return (await request<{ emergencies: Emergency[] }>('GET', '/api/emergencies')).emergencies;
}

export async function issueEmergency(input: {
  title: string;
  body: string;
  eventAt?: string;
  screens?: number[] | null;
}): Promise<Emergency> {
  return (await request<{ emergency: Emergency }>('POST', '/api/emergencies', input)).emergency;
}

export async function clearEmergency(id: number): Promise<void> {
  await request<unknown>('POST', `/api/emergencies/${id}/clear`);
}

export async function listTickers(): Promise<Ticker[]> {
  return (await request<{ tickers: Ticker[] }>('GET', '/api/tickers')).tickers;
}

export async function createTicker(input: {
  text: string;
  from?: string | null;
  until?: string | null;
  screens?: number[] | null;
}): Promise<Ticker> {
  return (await request<{ ticker: Ticker }>('POST', '/api/tickers', input)).ticker;
}

export async function clearTicker(id: number): Promise<void> {
  await request<unknown>('POST', `/api/tickers/${id}/clear`);
}

// Compliance ledger and certificates.

/** Shanghai calendar dates (YYYY-MM-DD) that bound the formation date of the information. */
export interface LedgerRange {
  from?: string;
  to?: string;
}

function ledgerParams(range: LedgerRange) {
  const params = new URLSearchParams();
  if (range.from) params.set('from', range.from);
  if (range.to) params.set('to', range.to);
  return params;
}

export async function getLedger(range: LedgerRange): Promise<Ledger> {
  const params = ledgerParams(range).toString();
  return request<Ledger>('GET', `/api/ledger${params ? `?${params}` : ''}`);
}

/** Build the address of the ledger's CSV (UTF-8 with BOM) for the same range. */
export function ledgerCsvHref(range: LedgerRange): string {
  const params = ledgerParams(range).toString();
  return `/api/ledger/export.csv${params ? `?${params}` : ''}`;
}

export async function getLedgerPolicy(): Promise<LedgerPolicy> {
  return (await request<{ policy: LedgerPolicy }>('GET', '/api/ledger/policy')).policy;
}

/** Change the policy. An override of null removes that item's override. */
export async function saveLedgerPolicy(change: {
  promptlyDays?: number;
  promptlyOverrides?: Record<string, number | null>;
}): Promise<LedgerPolicy> {
  return (await request<{ policy: LedgerPolicy }>('PUT', '/api/ledger/policy', change)).policy;
}

export async function addChannelRecord(input: ChannelRecordInput): Promise<ChannelRecord> {
  return (await request<{ record: ChannelRecord }>('POST', '/api/channel-records', input)).record;
}

export async function listChannelRecords(disclosureId: number): Promise<ChannelRecord[]> {
  const path = `/api/channel-records?disclosure=${disclosureId}`;
  return (await request<{ records: ChannelRecord[] }>('GET', path)).records;
}

export async function getCertificate(disclosureId: number): Promise<Certificate> {
  const path = `/api/disclosures/${disclosureId}/certificate`;
  return (await request<{ certificate: Certificate }>('GET', path)).certificate;
}
