import { http, HttpResponse } from 'msw';
import type { HttpHandler } from 'msw';
import type { Clock } from '../../core/clock.js';
import { systemClock } from '../../core/clock.js';
import type { VkCallbackRequestOptions, VkEventContext, VkTestEvent, VkTestMessage } from './events.js';
import {
  vkButtonEvent, vkCallbackDeliveries, vkCallbackRequest, vkConfirmationEvent, vkMessageAllowEvent, vkMessageDenyEvent,
  vkMessageEditEvent, vkMessageNewEvent, vkMessageReplyEvent, vkTypingEvent,
} from './events.js';
import { VkLongPollQueue } from './long-poll-queue.js';
import { mulberry32 } from './random.js';
import type { VkSentMessage, VkSimulatedError } from './state.js';
import { VkSimulatedRateLimit, VkSimulatorState, vkError } from './state.js';
import { answerMethod } from './methods.js';
import { multipartFieldSize } from './multipart.js';

/**
 * A fault the simulator injects into one API call:
 * - `{ error }`: a VK error body (`{ error: { error_code, ... } }`, HTTP 200) — e.g. 6, 9, 10, 29, 901;
 * - `http_500`: an HTTP 500 without a VK body;
 * - `network`: the connection fails before VK sees the request;
 * - `lost_response`: VK performs the call (the message is stored) but the answer never arrives.
 */
export type VkFault = { error: number; message?: string } | 'http_500' | 'network' | 'lost_response';

/** Options of {@link createVkSimulator}; all optional, with test defaults (the community id is the shared fixtures'). */
export interface VkSimulatorOptions {
  /** Default 232142875 (the fixtures' community). */
  groupId?: number;
  groupName?: string;
  /** The only token the API accepts (others get error 5). Default `vk1.a.simulator-token-0123456789`. */
  accessToken?: string;
  /** Default `test_vk_secret`. */
  secret?: string;
  /** Default `test_vk_confirmation`. */
  confirmation?: string;
  /** API base URL the handlers answer. Default `https://api.vk.ru/method`. */
  baseUrl?: string;
  /** Known users for `users.get`: id → names. */
  users?: Readonly<Record<number, { firstName: string; lastName: string }>>;
  /** Users who already allow messages. */
  allowedUsers?: readonly number[];
  /** Calls per clock second before error 6. Default 20. */
  rateLimitPerSecond?: number;
  /** Seed for fault injection and event ids. Default 1. */
  seed?: number;
  /** Random faults: each API call (of `methods`, default all) fails with probability `rate`, with one of `kinds`. */
  faults?: { rate: number; kinds: readonly VkFault[]; methods?: readonly string[] };
  /** Time for dates, `random_id` windows and the rate limit. Default: the system clock. */
  clock?: Clock;
  /**
   * The id of the first message sent (default 1). A sandbox that keeps its database across runs
   * should start each run elsewhere (e.g. from the time), as real VK ids never repeat.
   */
  firstMessageId?: number;
  /** The longest time an empty Long Poll request is held open. Default 1 000 ms. */
  longPollHoldMs?: number;
}

/** A recorded API call (the token removed). */
export interface VkSimulatedCall {
  method: string;
  params: Readonly<Record<string, string>>;
  /** What was answered: `ok`, a VK error code, or a transport fault. */
  outcome: 'ok' | number | 'http_500' | 'network' | 'lost_response';
}

/** The stateful VK simulator; see {@link createVkSimulator}. */
export interface VkSimulator {
  /** msw handlers for the API, the upload server and the Long Poll server. */
  readonly handlers: HttpHandler[];
  readonly groupId: number;
  readonly accessToken: string;
  readonly secret: string;
  readonly confirmation: string;
  readonly baseUrl: string;
  /** Messages the community sent, in order (duplicates by `random_id` are not repeated). */
  readonly sent: readonly VkSentMessage[];
  /** Every API call received, in order. */
  readonly calls: readonly VkSimulatedCall[];
  /** The user allows messages (as after "Allow messages"); queues `message_allow` for Long Poll and returns it. */
  allow(userId: number): VkTestEvent;
  /** The user forbids messages; queues `message_deny` and returns it. */
  deny(userId: number): VkTestEvent;
  /** Whether the user currently allows messages from the community (`messages.send` to a user who does not fails with 901). */
  isAllowed(userId: number): boolean;
  /** The user writes to the community: permission granted, `message_new` queued for Long Poll and returned. */
  userWrites(userId: number, text: string, extra?: Omit<VkTestMessage, 'fromId' | 'text'>): VkTestEvent;
  /** Fails the next `times` calls of `method` (or of any method with `'*'`) with `fault`. */
  failNext(method: string, fault: VkFault, times?: number): void;
  /** The Long Poll key expires: the next check answers `failed: 2`. */
  expireLongPollKey(): void;
  /** Long Poll history is partly lost: the next check with an older `ts` answers `failed: 1`. */
  loseLongPollHistory(): void;
  /** Long Poll information is lost: the next check answers `failed: 3`. */
  resetLongPoll(): void;
  /** Event builders bound to this community and its secret. */
  readonly events: VkBoundEventBuilders;
  /** The Callback API request for `event` (optionally a retry with `X-Retry-Counter`). */
  callbackRequest(event: VkTestEvent | string | Uint8Array, options?: VkCallbackRequestOptions): Request;
  /** The first delivery and `attempts − 1` retries of one event. */
  callbackDeliveries(event: VkTestEvent, attempts: number, options?: Omit<VkCallbackRequestOptions, 'retryCounter'>): Request[];
}

/**
 * Event builders with the simulator's community id and secret filled in. They only build
 * events: the simulator's state (who allows messages, the Long Poll queue) does not change; use
 * {@link VkSimulator.allow}, `deny` and `userWrites` for that.
 */
export interface VkBoundEventBuilders {
  /** The `confirmation` request VK sends when the callback server is added. */
  confirmation(): VkTestEvent;
  /** `message_new` in the 5.199 shape `{ message, client_info }`: a user wrote. */
  messageNew(message: VkTestMessage): VkTestEvent;
  /** `message_reply`: a message the community sent (`out: 1`, `from_id` = −group id). */
  messageReply(message: Omit<VkTestMessage, 'fromId'> & { peerId: number }): VkTestEvent;
  /** `message_edit`: an edited message with `update_time` (default: 60 s after its date). */
  messageEdit(message: VkTestMessage & { updateTime?: number }): VkTestEvent;
  /** `message_allow`: the user allowed messages from the community. */
  messageAllow(userId: number, key?: string): VkTestEvent;
  /** `message_deny`: the user forbade messages from the community. */
  messageDeny(userId: number): VkTestEvent;
  /** `message_typing_state`: the user is typing. */
  typing(userId: number): VkTestEvent;
  /** `message_event`: the user pressed a callback button (`payload` as an object). */
  button(press: Parameters<typeof vkButtonEvent>[0]): VkTestEvent;
  /** Without the secret, as a forger would send it. */
  unsigned(event: VkTestEvent): VkTestEvent;
}

/**
 * Creates a stateful VK API simulator on msw handlers: `messages.send` honouring `random_id`
 * (the same id to the same dialog within an hour returns the same message), 901 before the
 * user allows messages, error 6 above the rate limit, seeded fault injection, uploads, names,
 * and a Bots Long Poll server fed by {@link VkSimulator.allow}, `deny` and `userWrites`.
 *
 * @example
 * ```ts
 * const vk = createVkSimulator({ users: { 100: { firstName: 'Ivan', lastName: 'Petrov' } } });
 * const server = setupServer(...vk.handlers);
 * const request = vk.callbackRequest(vk.userWrites(100, 'Hello'));
 * ```
 */
export function createVkSimulator(options: VkSimulatorOptions = {}): VkSimulator {
  const groupId = options.groupId ?? 232_142_875;
  const accessToken = options.accessToken ?? 'vk1.a.simulator-token-0123456789';
  const secret = options.secret ?? 'test_vk_secret';
  const confirmation = options.confirmation ?? 'test_vk_confirmation';
  const baseUrl = (options.baseUrl ?? 'https://api.vk.ru/method').replace(/\/+$/, '');
  const clock = options.clock ?? systemClock;
  const random = mulberry32(options.seed ?? 1);
  const state = new VkSimulatorState(clock, options.firstMessageId ?? 1);
  for (const id of options.allowedUsers ?? []) state.allowed.add(id);
  const rate = new VkSimulatedRateLimit(clock, options.rateLimitPerSecond ?? 20);
  const queue = new VkLongPollQueue(`https://lp.vk.test/whp/${groupId}`, random, options.longPollHoldMs ?? 1_000);
  const calls: VkSimulatedCall[] = [];
  const scheduled: { method: string; fault: VkFault; left: number }[] = [];
  const ctx: VkEventContext = { groupId, secret, random };
  const lpCtx: VkEventContext = { groupId, random };

  function nextFault(method: string): VkFault | undefined {
    const index = scheduled.findIndex((s) => s.method === method || s.method === '*');
    const planned = scheduled[index];
    if (planned !== undefined) {
      planned.left -= 1;
      if (planned.left <= 0) scheduled.splice(index, 1);
      return planned.fault;
    }
    const faults = options.faults;
    if (faults === undefined || faults.kinds.length === 0) return undefined;
    if (faults.methods !== undefined && !faults.methods.includes(method)) return undefined;
    if (random() >= faults.rate) return undefined;
    return faults.kinds[Math.floor(random() * faults.kinds.length)];
  }

  function errorBody(error: VkSimulatedError, method: string, params: Record<string, string>) {
    const requestParams = [{ key: 'method', value: method }, { key: 'oauth', value: '1' }, ...Object.entries(params).filter(([k]) => k !== 'access_token').map(([key, value]) => ({ key, value }))];
    return HttpResponse.json({ error: { error_code: error.code, error_msg: error.message, request_params: requestParams } });
  }

  async function handleApi(request: Request, method: string): Promise<Response> {
    const url = new URL(request.url);
    const form = new URLSearchParams(request.method === 'POST' ? await request.text() : '');
    const params: Record<string, string> = {};
    url.searchParams.forEach((value, key) => { params[key] = value; });
    form.forEach((value, key) => { params[key] = value; });
    const token = params.access_token ?? request.headers.get('authorization')?.replace(/^Bearer\s+/i, '');
    delete params.access_token;
    const record = (outcome: VkSimulatedCall['outcome']): void => { calls.push({ method, params, outcome }); };
    if (token !== accessToken) { record(5); return errorBody(vkError(5), method, params); }
    if (params.v === undefined) { record(8); return errorBody(vkError(8), method, params); }
    if (!rate.admit()) { record(6); return errorBody(vkError(6), method, params); }
    const fault = nextFault(method);
    if (fault === 'network') { record('network'); return HttpResponse.error(); }
    if (fault === 'http_500') { record('http_500'); return new HttpResponse('Internal Server Error', { status: 500 }); }
    if (typeof fault === 'object') { record(fault.error); return errorBody(vkError(fault.error, fault.message), method, params); }
    const answer = answerMethod(method, params, { state, groupId, groupName: options.groupName ?? 'Test community', users: options.users ?? {}, queue, uploadBase: 'https://pu.vk.test/upload' });
    if ('error' in answer) { record(answer.error.code); return errorBody(answer.error, method, params); }
    if (fault === 'lost_response') { record('lost_response'); return HttpResponse.error(); }
    record('ok');
    return HttpResponse.json({ response: answer.response });
  }

  const handlers: HttpHandler[] = [
    http.post(`${baseUrl}/:method`, ({ request, params }) => handleApi(request, String(params.method))),
    http.get(`${baseUrl}/:method`, ({ request, params }) => handleApi(request, String(params.method))),
    http.post('https://pu.vk.test/upload/:kind', async ({ request, params }) => {
      const size = multipartFieldSize(request.headers.get('content-type'), new Uint8Array(await request.arrayBuffer()), params.kind === 'photo' ? 'photo' : 'file');
      if (size === undefined || size === 0) return HttpResponse.json({ error: 'ERR_UPLOAD_FILE_NOT_UPLOADED' });
      const token = Math.floor(random() * 1e9).toString(36);
      return params.kind === 'photo'
        ? HttpResponse.json({ server: 1, photo: JSON.stringify([{ photo: token, sizes: [] }]), hash: token })
        : HttpResponse.json({ file: `doc|${token}|${size}` });
    }),
    http.get(queue.serverUrl, ({ request }) => queue.handle(request)),
  ];

  const allow = (userId: number): VkTestEvent => {
    state.allowed.add(userId);
    return queue.push(vkMessageAllowEvent(userId, lpCtx));
  };

  return {
    handlers,
    groupId,
    accessToken,
    secret,
    confirmation,
    baseUrl,
    get sent() { return state.sent; },
    get calls() { return calls; },
    allow: (userId) => signed(allow(userId)),
    deny(userId) {
      state.allowed.delete(userId);
      return signed(queue.push(vkMessageDenyEvent(userId, lpCtx)));
    },
    isAllowed: (userId) => state.allowed.has(userId),
    userWrites(userId, text, extra = {}) {
      if (!state.allowed.has(userId)) allow(userId);
      const date = extra.date ?? Math.floor(clock.now() / 1000);
      return signed(queue.push(vkMessageNewEvent({ ...extra, fromId: userId, text, date }, lpCtx)));
    },
    failNext(method, fault, times = 1) { scheduled.push({ method, fault, left: times }); },
    expireLongPollKey: () => { queue.expireKey(); },
    loseLongPollHistory: () => { queue.loseHistory(); },
    resetLongPoll: () => { queue.reset(); },
    events: {
      confirmation: () => vkConfirmationEvent(ctx),
      messageNew: (m) => vkMessageNewEvent(m, ctx),
      messageReply: (m) => vkMessageReplyEvent(m, ctx),
      messageEdit: (m) => vkMessageEditEvent(m, ctx),
      messageAllow: (userId, key) => vkMessageAllowEvent(userId, ctx, key),
      messageDeny: (userId) => vkMessageDenyEvent(userId, ctx),
      typing: (userId) => vkTypingEvent(userId, ctx),
      button: (press) => vkButtonEvent(press, ctx),
      unsigned: ({ secret: _secret, ...rest }) => rest,
    },
    callbackRequest: (event, requestOptions) => vkCallbackRequest(event, requestOptions),
    callbackDeliveries: (event, attempts, requestOptions) => vkCallbackDeliveries(event, attempts, requestOptions),
  };

  function signed(event: VkTestEvent): VkTestEvent {
    return { ...event, secret };
  }
}
