import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { ensureTable } from '#store/bootstrap';

/**
 * dynalite in a process of its own, for the national bench: the server, the load generator
 * and the database then use both cores of the machine instead of sharing one, as they would
 * be apart in AWS. In memory, on a free port, with the table created; `pid` for its memory.
 */
export async function startDynaliteProcess(tableName = 'staffing-bench') {
  const code = `
    import dynalite from 'dynalite';
    const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    server.listen(0, '127.0.0.1', () => console.log(server.address().port));
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(child.stdout, 'data')) as [Buffer];
  const endpoint = `http://127.0.0.1:${Number(line.toString().trim())}`;
  await ensureTable({ endpoint, tableName });
  return {
    endpoint,
    tableName,
    pid: child.pid!,
    async stop() {
      child.kill();
      await once(child, 'exit');
    },
  };
}
