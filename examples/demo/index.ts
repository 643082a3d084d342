// `npm run demo`: the scripted end-to-end run on simulated WhatsApp and VK (no accounts, no network).
import { runDemo } from './run-demo.js';
import { terminalSupportsColor } from './transcript.js';

try {
  await runDemo({ write: (line) => { process.stdout.write(`${line}\n`); }, color: terminalSupportsColor() });
} catch (error) {
  console.error('The demo failed:', error);
  process.exitCode = 1;
}
