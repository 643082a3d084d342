// Fails fast when npm scripts run on a Node older than 22 (e.g. `npm ci --ignore-scripts`
// skips the `node` devDependency's install step and scripts silently fall back to the system Node).
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(
    `switchboard: npm scripts are running on Node ${process.versions.node}, but need Node >= 22.12.\n` +
      'The devDependency "node" provides Node 24 for npm scripts; reinstall without --ignore-scripts ' +
      '(npm ci) or put Node >= 22.12 on PATH.',
  );
  process.exit(1);
}
