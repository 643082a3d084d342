import { SwitchboardError } from '../../core/errors.js';
import type { HttpErrorCode } from '../http/errors.js';
import type { VkApiClient } from './api-client.js';
import {
  vkDocUploadResultSchema, vkPhotoUploadResultSchema, vkSavedDocSchema, vkSavedPhotosSchema, vkUploadServerSchema,
} from './api-schemas.js';

/** A file to upload: a URL to download, or bytes. */
export type VkUploadSource =
  | { url: string; filename?: string; mimeType?: string }
  | { bytes: Uint8Array; filename: string; mimeType?: string };

type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface VkUploadContext {
  api: VkApiClient;
  fetch: FetchLike;
  timeoutMs: number;
}

/** VK's limits: photos up to 50 MB, documents up to 200 MB. */
const MAX_PHOTO_BYTES = 50 * 1024 * 1024;
const MAX_DOC_BYTES = 200 * 1024 * 1024;

/**
 * Uploads a photo for a message to `peerId` (getMessagesUploadServer → upload → saveMessagesPhoto)
 * and returns its attachment reference (`photo<owner>_<id>_<access_key>`).
 * @throws SwitchboardError `INVALID_INPUT` for an empty or oversized file; VK errors (901 if the user has not allowed messages).
 */
export async function uploadVkPhoto(ctx: VkUploadContext, peerId: number, source: VkUploadSource, signal?: AbortSignal): Promise<string> {
  const options = { idempotent: true, ...(signal === undefined ? {} : { signal }) };
  const file = await loadSource(ctx, source, MAX_PHOTO_BYTES, 'photo.jpg', signal);
  const server = await ctx.api.call('photos.getMessagesUploadServer', { peer_id: peerId }, vkUploadServerSchema, options);
  const uploaded = vkPhotoUploadResultSchema.safeParse(await postFile(ctx, server.upload_url, 'photo', file, signal));
  if (!uploaded.success || uploaded.data.photo === '[]') throw uploadRejected('photo');
  const saved = await ctx.api.call('photos.saveMessagesPhoto', uploaded.data, vkSavedPhotosSchema, { ...options, idempotent: false });
  const photo = saved[0];
  if (photo === undefined) throw uploadRejected('photo');
  return `photo${photo.owner_id}_${photo.id}${photo.access_key === undefined ? '' : `_${photo.access_key}`}`;
}

/**
 * Uploads a document (or a voice message with `type: 'audio_message'`) for a message to
 * `peerId` and returns its attachment reference (`doc<owner>_<id>`).
 */
export async function uploadVkDocument(
  ctx: VkUploadContext,
  peerId: number,
  source: VkUploadSource,
  options: { title?: string; type?: 'doc' | 'audio_message'; signal?: AbortSignal } = {},
): Promise<string> {
  const callOptions = { idempotent: true, ...(options.signal === undefined ? {} : { signal: options.signal }) };
  const file = await loadSource(ctx, source, MAX_DOC_BYTES, 'file', options.signal);
  const server = await ctx.api.call('docs.getMessagesUploadServer', { peer_id: peerId, type: options.type ?? 'doc' }, vkUploadServerSchema, callOptions);
  const uploaded = vkDocUploadResultSchema.safeParse(await postFile(ctx, server.upload_url, 'file', file, options.signal));
  if (!uploaded.success) throw uploadRejected('document');
  const saved = await ctx.api.call('docs.save', { file: uploaded.data.file, title: options.title ?? file.filename }, vkSavedDocSchema, { ...callOptions, idempotent: false });
  const doc = saved.doc ?? saved.audio_message;
  if (doc === undefined) throw uploadRejected('document');
  return `doc${doc.owner_id}_${doc.id}${doc.access_key === undefined ? '' : `_${doc.access_key}`}`;
}

interface LoadedFile {
  bytes: Uint8Array;
  filename: string;
  mimeType: string;
}

async function loadSource(ctx: VkUploadContext, source: VkUploadSource, maxBytes: number, fallbackName: string, signal?: AbortSignal): Promise<LoadedFile> {
  if ('bytes' in source) {
    checkSize(source.bytes.byteLength, maxBytes);
    return { bytes: source.bytes, filename: source.filename, mimeType: source.mimeType ?? 'application/octet-stream' };
  }
  if (!/^https?:\/\//i.test(source.url)) throw new SwitchboardError('INVALID_INPUT', 'An upload URL must be http(s)', { field: 'source.url', remedy: 'fix_input' });
  let response: Response;
  try {
    response = await ctx.fetch(source.url, { signal: withTimeout(signal, ctx.timeoutMs) });
  } catch (error) {
    throw new SwitchboardError<HttpErrorCode>('NETWORK_ERROR', 'Could not download the file to upload to VK', { cause: error, retryable: true, remedy: 'retry_later' });
  }
  if (!response.ok) {
    throw new SwitchboardError('INVALID_INPUT', `Downloading the file to upload to VK failed with HTTP ${response.status}`, { field: 'source.url', details: { status: response.status } });
  }
  const declared = Number(response.headers.get('content-length') ?? '0');
  checkSize(declared, maxBytes);
  const bytes = new Uint8Array(await response.arrayBuffer());
  checkSize(bytes.byteLength, maxBytes);
  const name = source.filename ?? (decodeURIComponent(new URL(source.url).pathname.split('/').pop() ?? '') || fallbackName);
  return { bytes, filename: name, mimeType: source.mimeType ?? response.headers.get('content-type') ?? 'application/octet-stream' };
}

function checkSize(size: number, maxBytes: number): void {
  if (size > maxBytes) throw new SwitchboardError('INVALID_INPUT', `The file is larger than VK accepts (${maxBytes} bytes)`, { field: 'source', remedy: 'fix_input', details: { size, maxBytes } });
}

async function postFile(ctx: VkUploadContext, uploadUrl: string, field: string, file: LoadedFile, signal?: AbortSignal): Promise<unknown> {
  if (file.bytes.byteLength === 0) throw new SwitchboardError('INVALID_INPUT', 'The file to upload is empty', { field: 'source', remedy: 'fix_input' });
  const form = new FormData();
  form.set(field, new Blob([file.bytes], { type: file.mimeType }), file.filename);
  let response: Response;
  try {
    response = await ctx.fetch(uploadUrl, { method: 'POST', body: form, signal: withTimeout(signal, ctx.timeoutMs * 4) });
  } catch (error) {
    throw new SwitchboardError<HttpErrorCode>('NETWORK_ERROR', 'Uploading the file to VK failed', { cause: error, provider: 'vk', retryable: true, remedy: 'retry_later' });
  }
  const text = await response.text();
  if (!response.ok) throw new SwitchboardError<HttpErrorCode>('PROVIDER_HTTP_ERROR', `VK upload server answered HTTP ${response.status}`, { provider: 'vk', retryable: response.status >= 500, details: { status: response.status } });
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw uploadRejected('file');
  }
}

function withTimeout(signal: AbortSignal | undefined, ms: number): AbortSignal {
  const timeout = AbortSignal.timeout(ms);
  return signal === undefined ? timeout : AbortSignal.any([signal, timeout]);
}

function uploadRejected(what: string): SwitchboardError<HttpErrorCode> {
  return new SwitchboardError<HttpErrorCode>('INVALID_PROVIDER_RESPONSE', `VK did not accept the ${what} upload`, { provider: 'vk' });
}
