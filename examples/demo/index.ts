// The end-to-end demo arrives with the Switchboard facade (createSwitchboard). Until then this
// prints what exists so `npm run demo` never fails on a fresh machine.
import { createVirtualClock, normalizePhone, HOUR } from '../../src/index.js';

console.log('Switchboard demo: the scripted end-to-end run arrives with the facade (createSwitchboard).');
const clock = createVirtualClock(Date.UTC(2026, 10, 21, 9, 0, 0));
console.log(`Virtual clock at ${new Date(clock.now()).toISOString()}; +25 h → ${new Date(clock.advance(25 * HOUR)).toISOString()}`);
console.log(`normalizePhone('0912-345-678', { defaultCountry: 'TW' }) → ${normalizePhone('0912-345-678', { defaultCountry: 'TW' })}`);
