// One "app instance" for sqlite-processes.test.ts: opens the shared database file and races the
// other process on the same keys, then prints what it won as JSON.
import { openSqliteStore } from '../../examples/sqlite/sqlite-store.js';

const [path, name, roundsText] = process.argv.slice(2);
if (path === undefined || name === undefined || roundsText === undefined) throw new TypeError('usage: worker <path> <name> <rounds>');
const rounds = Number(roundsText);
const store = openSqliteStore({ path });

const claimed: string[] = [];
const contacts: string[] = [];
const leased: string[] = [];
for (let i = 0; i < rounds; i++) {
  if (await store.dedupe.claim(`whatsapp:1:wamid.${i}`, 60_000)) claimed.push(`whatsapp:1:wamid.${i}`);
  const contact = await store.contacts.upsert({ addresses: [{ kind: 'phone', value: `+1415555${String(i % 10).padStart(4, '0')}` }], channel: 'whatsapp' });
  contacts.push(`${i % 10}=${contact.id}`);
  leased.push(...(await store.outbox.lease({ owner: name, limit: 2, leaseMs: 600_000 })).map((job) => job.id));
}
store.close();
process.stdout.write(JSON.stringify({ claimed, contacts, leased }));
