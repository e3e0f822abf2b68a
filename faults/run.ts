/**
 * The fault suite: `npm run faults [-- --seed N --only probe]`. Starts the local services and the real bot (in this
 * process, or as its own where a probe kills it), runs each probe, checks the invariants of issue 13 — every accepted
 * job ends in a terminal state its member can see, no paid call reaches Stability twice, recorded credits equal what
 * the fake charged (or the estimate, marked, where the charge is unknowable), no secret or token in any output — and
 * prints a table of tried / handled / failed per probe. Exits 1 when any invariant broke, with the seed to replay.
 */
import { readArgs, USAGE } from './args.js';
import { createOutputs } from './harness/outputs.js';
import { within } from './harness/wait.js';
import { createRandom } from './prng.js';
import { crashed, type ProbeContext, type ProbeResult } from './probe.js';
import { probes } from './probes/index.js';
import { secretsResult } from './probes/secrets.js';
import { type Row, renderTable } from './table.js';

/** A probe that takes longer than this is stopped and counted as failed, so CI always ends. @unit milliseconds */
const PROBE_DEADLINE_MS = 240_000;

/** The run, as one function: its state (printed lines, cleanups) lives for the run, not the module. */
async function main(): Promise<number> {
  const printed: string[] = [];
  const say = (line: string) => {
    printed.push(line);
    process.stdout.write(`${line}\n`);
  };

  let args: ReturnType<typeof readArgs>;
  try {
    args = readArgs(process.argv.slice(2), Date.now());
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }
  if (args.list) {
    for (const probe of probes) say(`${probe.name.padEnd(22)} ${probe.summary}`);
    return 0;
  }
  const unknown = args.only.filter((name) => !probes.some((probe) => probe.name === name));
  if (unknown.length > 0) {
    process.stderr.write(`unknown probe(s): ${unknown.join(', ')}\n${USAGE}\n`);
    return 2;
  }

  const outputs = createOutputs();
  // Undo what a probe did to the machine (an immutable file, a mounted filesystem) even when the run is interrupted.
  const cleanups: (() => Promise<void> | void)[] = [];
  const runCleanups = async () => {
    while (cleanups.length > 0) await Promise.resolve(cleanups.pop()?.()).catch(() => undefined);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void runCleanups().then(() => process.exit(130));
    });
  }

  // The bot process logs these and lives on (src/index.ts); here they are the probe's failures, not the run's end.
  const unhandled: string[] = [];
  const onUnhandled = (error: unknown) =>
    unhandled.push(
      `unhandled: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`.slice(0, 600),
    );
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);

  const replay = `npm run faults -- --seed ${args.seed}`;
  say(`fault suite, seed ${args.seed}${args.seedGiven ? '' : ' (drawn for this run)'}; replay: ${replay}`);
  const selected = probes.filter((probe) => args.only.length === 0 || args.only.includes(probe.name));
  const rows: Row[] = [];
  const started = Date.now();
  for (const probe of selected) {
    say(`▶ ${probe.name}: ${probe.summary}`);
    const ctx: ProbeContext = {
      seed: args.seed,
      random: createRandom(args.seed, probe.name),
      outputs,
      say: (line) => say(`  ${line}`),
      defer: (cleanup) => cleanups.push(cleanup),
    };
    const t0 = Date.now();
    let result: ProbeResult;
    try {
      result = await within(probe.run(ctx), PROBE_DEADLINE_MS, `probe ${probe.name}`);
    } catch (error) {
      result = crashed(error);
    }
    await runCleanups();
    if (unhandled.length > 0) {
      const errors = unhandled.splice(0);
      result = {
        ...result,
        failed: result.failed + errors.length,
        problems: [...result.problems, ...errors.slice(0, 3)],
      };
    }
    const ms = Date.now() - t0;
    rows.push({ name: probe.name, result, ms });
    const verdict = result.skipped ? 'skipped' : result.failed > 0 ? `${result.failed} FAILED` : 'ok';
    say(
      `  ${verdict}: ${result.tried} tried, ${result.handled} handled — ${result.note} (${(ms / 1000).toFixed(1)} s)`,
    );
    for (const problem of result.problems) say(`    ✗ ${problem}`);
  }
  // The last check reads everything above, this runner's own output included.
  outputs.text('the fault suite output', printed.join('\n'));
  rows.push({ name: 'secrets', result: secretsResult(outputs.report()), ms: 0 });

  const failedRows = rows.filter((row) => row.result.failed > 0);
  say('');
  say(renderTable(rows));
  say('');
  say(`seed ${args.seed}, ${((Date.now() - started) / 1000).toFixed(1)} s in all`);
  for (const row of failedRows) for (const problem of row.result.problems) say(`✗ ${row.name}: ${problem}`);
  if (failedRows.length > 0) say(`FAILED: ${failedRows.map((row) => row.name).join(', ')} — replay with: ${replay}`);
  const passed = rows.filter((row) => !row.result.skipped && row.result.failed === 0).length;
  say(`faults: ${passed} passed, ${failedRows.length} failed`);
  return failedRows.length > 0 ? 1 : 0;
}

process.exit(await main());
