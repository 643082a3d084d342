/**
 * The channel adapter contract, for Switchboard's adapters and third-party ones alike (see
 * docs/writing-an-adapter.md).
 */
export { adapterContract } from './adapter-contract/register.js';
export { adapterContractCases, AdapterContractViolation } from './adapter-contract/cases.js';
export { ADAPTER_CONTRACT_CASES } from './adapter-contract/fixture.js';
export type { AdapterContractCase, AdapterContractFixture, AdapterContractOptions } from './adapter-contract/fixture.js';
