/**
 * The Switchboard test kit for host applications' own tests: port and ledger contracts (vitest,
 * an optional peer dependency), the adapter contract, and stateful provider simulators (msw, an
 * optional peer dependency) with webhook signing helpers.
 *
 * @module switchboard/testing
 */
export { createVirtualClock } from '../core/clock.js';

// --- Storage port contracts ---------------------------------------------------------------------
export * from './contracts/index.js';

// --- Credits ledger contract ----------------------------------------------------------------------
export * from './ledger.js';

// --- Channel adapter contract -----------------------------------------------------------------------
export * from './adapter-contract.js';

// --- Provider simulators and signing helpers ------------------------------------------------------
export * from './whatsapp.js';
export * from './vk.js';
