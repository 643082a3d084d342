import { createVirtualClock } from '../../src/core/clock.js';
import { createMemoryStore } from '../../src/ports/index.js';
import { storeContract } from '../../src/testing/contracts/index.js';
import type { StoreFixture } from '../../src/testing/contracts/index.js';

// One store, two references: a memory store cannot be shared between processes, so the second
// "handle" is the same object, and the concurrency cases check atomicity against interleaved calls.
const setup = (): Promise<StoreFixture> => {
  const clock = createVirtualClock(Date.UTC(2026, 10, 21, 9, 0, 0));
  const store = createMemoryStore({ clock });
  return Promise.resolve({ store, second: store, clock });
};

// Every port, the audit log included.
storeContract({ setup });
