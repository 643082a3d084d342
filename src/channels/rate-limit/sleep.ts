import { SwitchboardError } from '../../core/errors.js';

/** Waits `ms` milliseconds or rejects when `signal` aborts. Injectable for virtual time. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/**
 * A timer-based {@link Sleep}.
 * @throws SwitchboardError `ABORTED` when `signal` is or becomes aborted.
 */
export const abortableSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(aborted(signal));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(aborted(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });

function aborted(signal: AbortSignal | undefined): SwitchboardError {
  return new SwitchboardError('ABORTED', 'The operation was aborted', { cause: signal?.reason });
}
