// Node >= 22.12 can require() an ESM-only package; check that the built package really loads
// that way (no top-level await, no CJS-only assumptions) and that errors keep their identity.
const main = require('switchboard');
const whatsapp = require('switchboard/whatsapp');
const vk = require('switchboard/vk');

const failures = [];
if (typeof main.SwitchboardError !== 'function') failures.push('switchboard: SwitchboardError missing');
if (typeof main.normalizePhone !== 'function') failures.push('switchboard: normalizePhone missing');
try {
  main.normalizePhone('not a phone');
  failures.push('normalizePhone accepted garbage');
} catch (error) {
  if (!main.isSwitchboardError(error) || error.code !== 'INVALID_PHONE') failures.push(`unexpected error: ${String(error)}`);
}
if (Object.keys(whatsapp).length === 0) failures.push('switchboard/whatsapp exports nothing');
if (Object.keys(vk).length === 0) failures.push('switchboard/vk exports nothing');
if (failures.length > 0) {
  console.error(failures.join('\n'));
  process.exit(1);
}
console.log(`ok   require() of switchboard, switchboard/whatsapp, switchboard/vk on Node ${process.versions.node}`);
