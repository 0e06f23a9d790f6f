// A process that opens (and so migrates) the PostgreSQL store in the schema named on its command
// line, as a worker does at start-up; exits 1 with the error on stderr when that fails.
import { openAppStore } from '../../src/app/index.js';

const [url, schema] = process.argv.slice(2);
try {
  const store = await openAppStore({ target: { kind: 'postgres', url: url! }, schema });
  await store.close();
  process.exit(0);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
