import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { SwitchboardError } from '../../core/errors.js';
import type { HttpClient } from '../http/http-client.js';
import type { ProviderResponse, ResponseClassifier } from '../http/classify.js';
import { classifyByStatus } from '../http/classify.js';
import type { HttpErrorCode } from '../http/errors.js';
import type { RateLimit } from '../rate-limit/rate-limiter.js';
import { vkErrorBodySchema, vkSuccessBodySchema } from './api-schemas.js';
import { vkApiError } from './errors.js';
import type { VkErrorCode } from './errors.js';

/** A VK API parameter value: arrays are joined with commas, booleans sent as 1/0. */
export type VkParamValue = string | number | boolean | readonly (string | number)[] | undefined;
/** The parameters of a VK API method by name; `undefined` values are left out of the request. */
export type VkParams = Readonly<Record<string, VkParamValue>>;

/** Per-call options of {@link VkApiClient}. */
export interface VkCallOptions {
  /**
   * Whether repeating the call cannot duplicate its effect (reads; sends with a `random_id`).
   * Only idempotent calls are retried after the request may have reached VK.
   */
  idempotent: boolean;
  /** Cancels the call (`ABORTED` before it is sent). */
  signal?: AbortSignal;
}

/** A typed VK API caller. */
export interface VkApiClient {
  /**
   * Calls `method` and validates `response` with `schema`.
   * @throws SwitchboardError classified by `error_code` ({@link VkErrorCode}), or an HTTP-layer
   *   code (`SEND_OUTCOME_UNKNOWN`, `NETWORK_ERROR`, `INVALID_PROVIDER_RESPONSE`, `ABORTED`, ...).
   */
  call<T extends z.ZodType>(method: string, params: VkParams, schema: T, options: VkCallOptions): Promise<z.output<T>>;
  /**
   * Runs VKScript `code` through `execute` (up to 25 API calls). Sub-call failures do not
   * throw: they come back as typed errors in `errors`, one per `execute_errors` item.
   */
  execute(code: string, options: VkCallOptions): Promise<{ response: unknown; errors: SwitchboardError<VkErrorCode>[] }>;
}

export interface VkApiClientConfig {
  http: HttpClient;
  accessToken: string;
  apiVersion: string;
  /** Requests per second for this token; shared by every adapter using the same token. */
  rateLimit: RateLimit;
}

/** The rate-limit key for a token: a hash, so the token itself never becomes a key in a shared store. */
export function vkTokenRateKey(accessToken: string): string {
  return `vk:token:${createHash('sha256').update(accessToken).digest('hex').slice(0, 16)}`;
}

const classifyVkStatus = classifyByStatus('vk');

/**
 * Classifies VK answers for the shared HTTP client: VK reports API errors as
 * `{ error: { error_code, error_msg, request_params } }` inside an HTTP 200.
 */
export const classifyVkResponse: ResponseClassifier = (response: ProviderResponse) => {
  const byStatus = classifyVkStatus(response);
  if (byStatus !== undefined) return byStatus;
  const parsed = vkErrorBodySchema.safeParse(response.body);
  if (!parsed.success) return undefined;
  const { error_code: errorCode, error_msg: errorMsg, request_params: requestParams } = parsed.data.error;
  const method = requestParams?.find((p) => p.key === 'method')?.value;
  return {
    error: vkApiError({ errorCode, errorMsg, ...(method === undefined ? {} : { method }), ...(requestParams === undefined ? {} : { requestParams }) }),
  };
};

/** Encodes parameters as a form body; `access_token` and `v` are added last. */
export function encodeVkParams(params: VkParams, accessToken: string, apiVersion: string): URLSearchParams {
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (typeof value === 'boolean') form.set(key, value ? '1' : '0');
    else if (Array.isArray(value)) form.set(key, value.join(','));
    else form.set(key, String(value));
  }
  form.set('access_token', accessToken);
  form.set('v', apiVersion);
  return form;
}

/**
 * Creates the VK API caller on top of the shared HTTP client. The token travels in the POST
 * body (never the URL); the body is never copied into an error.
 */
export function createVkApiClient(config: VkApiClientConfig): VkApiClient {
  const rateLimits = [{ key: vkTokenRateKey(config.accessToken), limit: config.rateLimit }];

  async function raw(method: string, params: VkParams, options: VkCallOptions): Promise<z.output<typeof vkSuccessBodySchema>> {
    const answer = await config.http.request({
      method: 'POST',
      path: method,
      form: encodeVkParams(params, config.accessToken, config.apiVersion),
      idempotent: options.idempotent,
      rateLimits,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    const hasResponse = typeof answer.body === 'object' && answer.body !== null && 'response' in answer.body;
    const body = vkSuccessBodySchema.safeParse(answer.body);
    if (!hasResponse || !body.success) throw invalidResponse(method, 'no "response" field');
    return body.data;
  }

  return {
    async call(method, params, schema, options) {
      const body = await raw(method, params, options);
      const parsed = schema.safeParse(body.response);
      if (!parsed.success) {
        throw invalidResponse(method, parsed.error.issues.slice(0, 4).map((i) => `${i.path.map(String).join('.') || 'response'}: ${i.message}`).join('; '));
      }
      return parsed.data;
    },
    async execute(code, options) {
      const body = await raw('execute', { code }, options);
      const errors = (body.execute_errors ?? []).map((e) => vkApiError({ errorCode: e.error_code, errorMsg: e.error_msg, method: e.method }));
      return { response: body.response, errors };
    },
  };
}

function invalidResponse(method: string, what: string): SwitchboardError<HttpErrorCode> {
  return new SwitchboardError<HttpErrorCode>('INVALID_PROVIDER_RESPONSE', `VK ${method} answered with an unexpected shape: ${what}`, {
    provider: 'vk',
    details: { method },
  });
}
