/**
 * The Switchboard test kit: port contracts (vitest, an optional peer dependency) and provider
 * simulators (msw, an optional peer dependency) for host applications' own tests.
 */
export { createVirtualClock } from '../core/clock.js';
