import { describe, expect, it, vi } from 'vitest';
import { TypedEmitter } from '../../../src/core/events.js';

interface Events {
  'message.received': { text: string };
  'message.sent': { id: string };
}

describe('TypedEmitter', () => {
  it('passes one payload object to every listener in order', () => {
    const emitter = new TypedEmitter<Events>();
    const seen: string[] = [];
    emitter.on('message.received', (e) => seen.push(`a:${e.text}`));
    emitter.on('message.received', (e) => seen.push(`b:${e.text}`));
    expect(emitter.emit('message.received', { text: 'hi' })).toBe(true);
    expect(emitter.emit('message.sent', { id: 'x' })).toBe(false);
    expect(seen).toEqual(['a:hi', 'b:hi']);
  });

  it('routes a throwing listener to the error event and still calls the rest', () => {
    const emitter = new TypedEmitter<Events>();
    const errors: { error: unknown; event: string }[] = [];
    const later = vi.fn();
    emitter.on('error', (e) => errors.push(e));
    emitter.on('message.sent', () => { throw new Error('listener bug'); });
    emitter.on('message.sent', later);
    emitter.emit('message.sent', { id: 'm1' });
    expect(later).toHaveBeenCalledOnce();
    expect(errors).toHaveLength(1);
    expect(errors[0]?.event).toBe('message.sent');
  });

  it('routes rejected async listeners to the error event', async () => {
    const emitter = new TypedEmitter<Events>();
    const reported = new Promise<unknown>((resolve) => emitter.on('error', (e) => { resolve(e.error); }));
    emitter.on('message.sent', () => Promise.reject(new Error('async bug')));
    emitter.emit('message.sent', { id: 'm1' });
    await expect(reported).resolves.toBeInstanceOf(Error);
  });

  it('never swallows a failure when nobody listens for errors', () => {
    const unhandled = vi.fn();
    const emitter = new TypedEmitter<Events>({ onUnhandledError: unhandled });
    emitter.on('message.sent', () => { throw new Error('nobody listens'); });
    emitter.emit('message.sent', { id: 'm1' });
    expect(unhandled).toHaveBeenCalledWith(expect.any(Error), 'message.sent');
  });

  it('calls a once listener for the first emit only, and keeps the same function registered with on', () => {
    const emitter = new TypedEmitter<Events>();
    const seen: string[] = [];
    const both = (e: { text: string }): void => { seen.push(`both:${e.text}`); };
    emitter.once('message.received', (e) => seen.push(`once:${e.text}`));
    emitter.on('message.received', both);
    emitter.once('message.received', both);
    emitter.emit('message.received', { text: '1' });
    emitter.emit('message.received', { text: '2' });
    expect(seen).toEqual(['once:1', 'both:1', 'both:1', 'both:2']);
    expect(emitter.listenerCount('message.received')).toBe(1);
  });

  it('removes a once listener that off removed before it ran', () => {
    const emitter = new TypedEmitter<Events>();
    const listener = vi.fn();
    emitter.once('message.sent', listener);
    emitter.off('message.sent', listener);
    emitter.emit('message.sent', { id: 'm1' });
    expect(listener).not.toHaveBeenCalled();
    expect(emitter.listenerCount('message.sent')).toBe(0);
  });
});
