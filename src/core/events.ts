import { EventEmitter } from 'eventemitter3';

/** An event map: event name → the single payload object its listeners receive. */
export type EventMap<E> = { [K in keyof E]: object };

/** Where a failed listener is reported when nobody listens to the `error` event. */
export type UnhandledListenerError = (error: unknown, event: string) => void;

/** A function called with an event's payload; a returned promise that rejects is reported like a throw. */
export type Listener<P> = (payload: P) => unknown;
type RawListener = (...args: unknown[]) => void;

/**
 * A typed event emitter with one payload object per event.
 *
 * Guarantees: every listener of an event is called, in registration order, even when an
 * earlier one throws; a listener that throws or returns a rejected promise is reported on the
 * `error` event as `{ error, event }`; when no `error` listener is registered the failure goes
 * to `onUnhandledError` (by default re-thrown on a microtask, as Node does for an unhandled
 * `error`, so it is never silently swallowed).
 */
export class TypedEmitter<Events extends EventMap<Events>> {
  readonly #inner = new EventEmitter();
  readonly #onUnhandled: UnhandledListenerError;
  /**
   * Listeners registered with `once`, per event. `emit` calls a snapshot of the listeners itself
   * (to isolate their failures), so it removes these itself: only eventemitter3's own `emit` would.
   */
  readonly #onceListeners = new Map<string, Set<RawListener>>();

  constructor(options: { onUnhandledError?: UnhandledListenerError } = {}) {
    this.#onUnhandled = options.onUnhandledError ?? ((error) => {
      queueMicrotask(() => {
        throw error;
      });
    });
  }

  /** Calls `listener` with the payload of every future `event`, after the listeners registered before it. */
  on<E extends keyof Events & string>(event: E, listener: Listener<Events[E]>): this;
  /** Calls `listener` with `{ error, event }` whenever a listener of another event throws or rejects. */
  on(event: 'error', listener: Listener<ListenerErrorEvent>): this;
  on(event: string, listener: Listener<never>): this {
    this.#inner.on(event, listener as RawListener);
    return this;
  }

  /** Like `on`, but the listener is removed before its first call. */
  once<E extends keyof Events & string>(event: E, listener: Listener<Events[E]>): this;
  /** Like `on('error')`, but the listener is removed before its first call. */
  once(event: 'error', listener: Listener<ListenerErrorEvent>): this;
  once(event: string, listener: Listener<never>): this {
    this.#inner.once(event, listener as RawListener);
    let registered = this.#onceListeners.get(event);
    if (registered === undefined) this.#onceListeners.set(event, (registered = new Set()));
    registered.add(listener as RawListener);
    return this;
  }

  /** Removes `listener` from `event` (the same function reference given to `on`/`once`); no-op when absent. */
  off<E extends keyof Events & string>(event: E, listener: Listener<Events[E]>): this;
  /** Removes an `error` listener; once none is left, listener failures go to `onUnhandledError`. */
  off(event: 'error', listener: Listener<ListenerErrorEvent>): this;
  off(event: string, listener: Listener<never>): this {
    this.#inner.off(event, listener as RawListener);
    this.#onceListeners.get(event)?.delete(listener as RawListener);
    return this;
  }

  /** Number of listeners for an event. */
  listenerCount(event: (keyof Events & string) | 'error'): number {
    return this.#inner.listenerCount(event);
  }

  /** Calls every listener of `event` with `payload`; returns whether any listener ran. */
  emit<E extends keyof Events & string>(event: E, payload: Events[E]): boolean {
    const listeners = this.#inner.listeners(event) as Listener<Events[E]>[];
    const once = this.#onceListeners.get(event);
    if (once !== undefined && once.size > 0) {
      for (const listener of listeners) {
        if (!once.has(listener as RawListener)) continue;
        this.#inner.removeListener(event, listener as RawListener, undefined, true);
        once.delete(listener as RawListener);
      }
    }
    for (const listener of listeners) {
      try {
        const result = listener(payload);
        if (isPromiseLike(result)) {
          result.then(undefined, (error: unknown) => { this.#fail(error, event); });
        }
      } catch (error) {
        this.#fail(error, event);
      }
    }
    return listeners.length > 0;
  }

  #fail(error: unknown, event: string): void {
    if (event !== 'error' && this.#inner.listenerCount('error') > 0) {
      this.emit('error' as keyof Events & string, { error, event } as unknown as Events[keyof Events & string]);
      return;
    }
    this.#onUnhandled(error, event);
  }
}

/** The payload of the `error` event for a failed listener. */
export interface ListenerErrorEvent {
  error: unknown;
  /** The event whose listener failed. */
  event: string;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
