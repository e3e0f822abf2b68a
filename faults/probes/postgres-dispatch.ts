import type { EmulatorChannel } from '@imagine-bot/discord-emulator';
import pg from 'pg';
import type { Job } from '../../src/domain/job.js';
import { DISPATCHER_LOCK_KEY } from '../../src/store/lock-session.js';
import { maxRequestsInWindow } from '../../test/fakes/stability-server.js';
import type { BotProcess } from '../../test/helpers/bot-process.js';
import { type Cluster, logLines, startCluster } from '../../test/helpers/cluster.js';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../../test/helpers/postgres-cluster.js';
import { type RelayedConnection, startTcpRelay, type TcpRelay } from '../../test/helpers/tcp-relay.js';
import { collectOutputs, violationsOf } from '../harness/bot-env.js';
import { imagineBurst, memberNames, ROOMY_LIMITS } from '../harness/burst.js';
import { answerOf } from '../harness/responses.js';
import { settle, visibilityProblems } from '../harness/settle.js';
import { readPostgresStore, type StoreReader } from '../harness/store-reader.js';
import { until, within } from '../harness/wait.js';
import { checkCalls, describeFigures } from '../invariants/calls.js';
import { isUnacknowledged } from '../invariants/jobs.js';
import { tallyJobs } from '../invariants/problems.js';
import { tagFor, tagOf } from '../invariants/tags.js';
import { createTally, type Probe } from '../probe.js';

const SHARDS = 3;
/** Jobs per fault, of two images each, from `USERS` members over every server. */
const JOBS = 36;
const IMAGES = 2;
const USERS = 8;
/** Calls that must be out (sent, unanswered: each takes `LATENCY_MS`) when the fault strikes. */
const IN_FLIGHT = 6;
const LATENCY_MS = 1_500;
/** The fake's quota, and the bots' pacing a little under it: the successor must respect what the dead one sent. */
const QUOTA = { limit: 20, windowMs: 1_000, lockoutMs: 5_000 } as const;
const PACED = 18;
/**
 * How late a call may reach the fake after it left: every call crosses a relay in this process, which also runs the
 * emulator, and a busy moment here bunches arrivals the fake counts. @unit milliseconds
 */
const ARRIVAL_JITTER_MS = 300;
/** Generous, for a loaded CI machine: the takeover figure is measured, not bounded, here. @unit milliseconds */
const TAKEOVER_DEADLINE_MS = 60_000;
const SETTLE_MS = 120_000;

const TOOK_OVER = 'took over the queue: dispatching';
const DEPOSED = 'lost the dispatcher lock: stopped dispatching; campaigning again';

/** One bot process with the relays it reaches PostgreSQL and Stability through, and when it sent each paid call. */
interface Member {
  shard: number;
  bot: BotProcess;
  database: TcpRelay;
  stability: TcpRelay;
  /** Arrival times (at the relay, epoch ms) of every `POST /v2beta/…` this process sent. */
  sends: number[];
}

const alive = (member: Member) => member.bot.child.exitCode === null && member.bot.child.signalCode === null;

/** The epoch-ms time of the first line with `msg` at or after `since` in `member`'s log, if any. */
function logTime(member: Member, msg: string, since: number): number | undefined {
  const line = logLines(member.bot).find((l) => l.msg === msg && Number(l.time) >= since);
  return line ? Number(line.time) : undefined;
}

/** Counts `POST /v2beta/` on the wire: a request line may straddle two chunks, so each connection keeps a tail. */
function paidCallCounter(sends: number[]) {
  const PATTERN = 'POST /v2beta/';
  const tails = new Map<number, string>();
  return (connection: RelayedConnection, chunk: Buffer) => {
    const text = (tails.get(connection.id) ?? '') + chunk.toString('latin1');
    let at = text.indexOf(PATTERN);
    while (at !== -1) {
      sends.push(Date.now());
      at = text.indexOf(PATTERN, at + PATTERN.length);
    }
    tails.set(connection.id, text.slice(-(PATTERN.length - 1)));
  };
}

/**
 * Several bot processes (shards 0, 1, 2 of 3) on one throwaway PostgreSQL, each reaching the database and the fake
 * Stability through a relay of its own, so a fault can strike one process's lock connection alone and every paid
 * call can be traced to the process that sent it. Three faults in turn, each with calls out and jobs waiting:
 * kill -9 of the dispatcher (then its restart), its lock connection reset (both ends see it go), and its lock
 * connection frozen (no byte either way, no end: it must fence itself on its heartbeat while the server still holds
 * its lock; the relay then ends the server's side, as the server's keepalive would). After each: another term takes
 * over, no paid call leaves twice or from two processes at once, and every accepted job ends visibly.
 */
export const postgresDispatch: Probe = {
  name: 'postgres-dispatch',
  summary: `${SHARDS} processes on PostgreSQL: kill -9 of the dispatcher, its lock connection reset, then frozen`,
  async run(ctx) {
    const tally = createTally();
    const users = memberNames(USERS - 2);
    let server: ThrowawayPostgres | undefined;
    let cluster: Cluster | undefined;
    let reader: StoreReader | undefined;
    let admin: pg.Client | undefined;
    const members: Member[] = [];
    try {
      server = await startThrowawayPostgres();
      admin = new pg.Client({ connectionString: server.url });
      await admin.connect();
      await admin.query('CREATE DATABASE imagine_faults');
      const databaseUrl = new URL(server.url);
      databaseUrl.pathname = '/imagine_faults';
      const url = databaseUrl.toString();
      const db = admin;

      cluster = await startCluster({
        databaseUrl: url,
        extraGuilds: 5,
        members: users.slice(2),
        stability: { latencyMs: LATENCY_MS, quota: QUOTA, balance: 1_000_000 },
        env: {
          ...ROOMY_LIMITS,
          DISCORD_SHARD_COUNT: String(SHARDS),
          STABILITY_RATE_LIMIT: String(PACED),
          STABILITY_RATE_WINDOW_MS: String(QUOTA.windowMs),
          STABILITY_RATE_JITTER_MS: String(ARRIVAL_JITTER_MS),
          STABILITY_LOCKOUT_MS: String(QUOTA.lockoutMs),
          BALANCE_CHECK_INTERVAL_MS: '0',
        },
      });
      const world = cluster;
      const fake = world.stability;
      const fakeUrl = new URL(fake.url);

      const spawn = async (shard: number): Promise<Member> => {
        const sends: number[] = [];
        const database = await startTcpRelay({ host: server?.host ?? '', port: server?.port ?? 0 });
        const stability = await startTcpRelay(
          { host: fakeUrl.hostname, port: Number(fakeUrl.port) },
          { onClientData: paidCallCounter(sends) },
        );
        const bot = await world.spawn({
          DISCORD_SHARD_IDS: String(shard),
          DATABASE_URL: database.url(url),
          STABILITY_API_URL: stability.url(fake.url),
        });
        const member = { shard, bot, database, stability, sends };
        members.push(member);
        return member;
      };
      // One after the other: the first to start takes the dispatcher lock, the others find it taken.
      for (let shard = 0; shard < SHARDS; shard++) await spawn(shard);

      /** The process whose connection holds the dispatcher lock now, and that connection (seen from the server). */
      const lockHolder = async (): Promise<{ member: Member; connection: RelayedConnection } | undefined> => {
        const { rows } = await db.query<{ client_port: number }>(
          `SELECT a.client_port FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
           WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 0 AND l.objid = $1 AND l.objsubid = 1`,
          [DISPATCHER_LOCK_KEY],
        );
        const port = rows[0]?.client_port;
        for (const member of members) {
          const connection = member.database.connections().find((c) => c.targetSidePort() === port);
          if (connection) return { member, connection };
        }
        return undefined;
      };

      /** Resolves with the first live process (and when) that logged `msg` at or after `since`. */
      const nextLog = async (msg: string, since: number, among = () => members.filter(alive)) => {
        let found: { member: Member; at: number } | undefined;
        await until(
          world.emulator,
          {
            what: `a process logging "${msg}"`,
            timeoutMs: TAKEOVER_DEADLINE_MS,
            check: () => {
              for (const member of among()) {
                const at = logTime(member, msg, since);
                if (at !== undefined) found = { member, at };
              }
              return found !== undefined;
            },
          },
          { recheckMs: 100, minGapMs: 50 },
        );
        if (!found) throw new Error(`no process logged "${msg}"`);
        return found;
      };

      const channels = (): EmulatorChannel[] =>
        world.emulator.allGuilds().map((g) => g.channels.find((c) => c.name === 'general') ?? g.channels[0]!);
      let nextTag = 0;
      /** Every /imagine sent, by tag, with its server's shard and the bot's first answer: each must become a job. */
      const asked = new Map<string, { shard: number; type: number; text: string }>();
      /**
       * Deferred by the process killed next, whose admission may not have committed yet: such a request dies with its
       * process (no job, no charge; Discord shows the interaction as failed), so it may be missing from the store.
       */
      const diedAdmitting = new Set<string>();
      /** `count` jobs spread over `where`, acknowledged (the tags they carry, to find them in the store). */
      const burst = async (count: number, where: readonly EmulatorChannel[]): Promise<string[]> => {
        const tags = Array.from({ length: count }, (_, i) => tagFor(nextTag + i));
        const handles = Array.from(
          { length: count },
          (_, i) =>
            imagineBurst(world.emulator, ctx.random, {
              users: [users[i % users.length] ?? 'alice'],
              count: 1,
              firstTag: nextTag++,
              images: IMAGES,
              channel: where[i % where.length]?.id ?? 'general',
            }).handles,
        ).flat();
        const answers = await Promise.all(handles.map((h) => answerOf(h, 30_000)));
        const refused = answers.filter((a) => a.type === 0 || (a.type === 4 && a.ephemeral)).length;
        if (refused > 0) tally.invariant(`${refused} of ${count} /imagine were refused or unanswered`);
        tags.forEach((tag, i) => {
          const answer = answers[i];
          const shard = world.emulator.shardOf(where[i % where.length]?.guildId ?? '0', SHARDS);
          asked.set(tag, { shard, type: answer?.type ?? 0, text: answer?.content.slice(0, 60) ?? '' });
        });
        return tags;
      };
      /** The dispatcher now, once a fresh burst is acknowledged and its calls are out: the moment to strike. */
      const armed = async () => {
        const holder = await lockHolder();
        if (!holder) throw new Error('no process holds the dispatcher lock');
        await burst(JOBS, channels());
        return { holder, out: await reachInFlight() };
      };
      const callsOut = () => fake.requests.filter((r) => r.method === 'POST' && r.outcome === undefined).length;
      const reachInFlight = async () => {
        await within(fake.waitForRequests(fake.requests.length + IN_FLIGHT), 60_000, 'calls in flight');
        return callsOut();
      };

      reader = readPostgresStore(url);
      const store = reader;
      const settleAll = () => settle(store.db, world.emulator, SETTLE_MS, 'postgres');
      const interruptedSince = (jobs: readonly Job[], known: ReadonlySet<string>) =>
        jobs.filter((job) => job.errorCode === 'interrupted' && !known.has(job.id)).length;
      const notes: string[] = [];
      let interrupted = new Set<string>();
      const countInterrupted = (jobs: readonly Job[], fault: string) => {
        if (interruptedSince(jobs, interrupted) === 0) tally.invariant(`${fault}: no job was out when it struck`);
        interrupted = new Set(jobs.filter((job) => job.errorCode === 'interrupted').map((job) => job.id));
      };
      /**
       * One sender at a time: from the fault on, nobody but the deposed dispatcher and its successor sends; and when
       * the successor is another process, the deposed one sends nothing after `handover`, the successor nothing before.
       */
      const oneSender = (fault: string, deposed: Member, successor: Member, faultAt: number, handover: number) => {
        for (const member of members) {
          if (member === deposed || member === successor) continue;
          const stray = member.sends.filter((t) => t >= faultAt).length;
          if (stray > 0) tally.invariant(`${fault}: shard ${member.shard}'s process sent ${stray} calls, not leading`);
        }
        if (deposed === successor) return;
        const late = deposed.sends.filter((t) => t > handover).length;
        if (late > 0) tally.invariant(`${fault}: the deposed process sent ${late} calls after the hand-over`);
        const early = successor.sends.filter((t) => t >= faultAt && t < handover).length;
        if (early > 0) tally.invariant(`${fault}: the successor sent ${early} calls before the hand-over`);
      };

      // 1. kill -9 of the dispatcher with calls out and jobs waiting; then its shard's process starts again.
      {
        const { holder, out } = await armed();
        for (const [tag, answer] of asked) {
          if (answer.shard === holder.member.shard && answer.type === 5) diedAdmitting.add(tag);
        }
        const killedAt = Date.now();
        await holder.member.bot.kill('SIGKILL');
        const successor = await nextLog(TOOK_OVER, killedAt);
        const firstSend = successor.member.sends.find((t) => t >= killedAt) ?? Number.POSITIVE_INFINITY;
        oneSender('kill -9', holder.member, successor.member, killedAt, firstSend);
        const restarted = await spawn(holder.member.shard);
        // The killed shard's servers answer again, through the restarted process.
        const own = world.guildsOfShard(holder.member.shard, SHARDS);
        const again = new Set(
          await burst(
            own.length,
            own.map((g) => g.channels.find((c) => c.name === 'general') ?? g.channels[0]!),
          ),
        );
        const jobs = await settleAll();
        countInterrupted(jobs, 'kill -9');
        const served = jobs.filter((job) => again.has(tagOf(job.params.prompt) ?? '-'));
        if (served.length !== own.length || served.some((job) => job.state !== 'succeeded')) {
          tally.invariant(`after the restart, ${served.length} of ${own.length} jobs in the killed shard succeeded`);
        }
        if (!logLines(restarted.bot).some((l) => l.msg === 'job queued')) {
          tally.invariant('the restarted process admitted none of its servers’ jobs');
        }
        notes.push(`kill -9 (${out} out): takeover ${successor.at - killedAt} ms`);
        ctx.say(
          `kill -9 with ${out} calls out: shard ${successor.member.shard} took over in ${successor.at - killedAt} ms`,
        );
      }

      // 2. The dispatcher's lock connection reset: it learns at once, and a new term (maybe its own) takes over.
      {
        const { holder, out } = await armed();
        const cutAt = Date.now();
        holder.connection.cut();
        const deposed = await nextLog(DEPOSED, cutAt, () => [holder.member]);
        const successor = await nextLog(TOOK_OVER, cutAt);
        const firstSend = successor.member.sends.find((t) => t >= cutAt) ?? Number.POSITIVE_INFINITY;
        oneSender('lock reset', holder.member, successor.member, cutAt, firstSend);
        const jobs = await settleAll();
        countInterrupted(jobs, 'lock reset');
        notes.push(`reset: fenced ${deposed.at - cutAt} ms, takeover ${successor.at - cutAt} ms`);
        ctx.say(
          `lock connection reset with ${out} calls out: fenced after ${deposed.at - cutAt} ms, shard ${successor.member.shard} took over after ${successor.at - cutAt} ms`,
        );
      }

      // 3. The lock connection frozen: the server still holds the lock, so the dispatcher must fence itself.
      {
        const { holder, out } = await armed();
        const frozenAt = Date.now();
        holder.connection.freeze();
        const deposed = await nextLog(DEPOSED, frozenAt, () => [holder.member]);
        // Fenced on its own, before anyone else could lead: the server still sees the frozen connection holding it.
        const still = await lockHolder();
        if (still?.connection !== holder.connection) {
          tally.invariant('the dispatcher lock moved before the frozen leader fenced itself');
        }
        const early = members.filter((m) => m !== holder.member && logTime(m, TOOK_OVER, frozenAt) !== undefined);
        if (early.length > 0) tally.invariant('another process took over while the frozen leader still held the lock');
        // What the server's keepalive does in the end (seconds later): it drops the connection and frees the lock.
        const releasedAt = Date.now();
        holder.connection.dropTargetSide();
        const successor = await nextLog(TOOK_OVER, releasedAt);
        oneSender('lock frozen', holder.member, successor.member, frozenAt, releasedAt);
        const jobs = await settleAll();
        countInterrupted(jobs, 'lock frozen');
        notes.push(
          `frozen: fenced ${deposed.at - frozenAt} ms, takeover ${successor.at - releasedAt} ms after release`,
        );
        ctx.say(
          `lock connection frozen with ${out} calls out: fenced after ${deposed.at - frozenAt} ms while the server still held the lock; shard ${successor.member.shard} took over ${successor.at - releasedAt} ms after the server let go`,
        );
      }

      const jobs = await settleAll();
      const stored = new Set(jobs.map((job) => tagOf(job.params.prompt)));
      let diedWithProcess = 0;
      for (const [tag, answer] of asked) {
        if (stored.has(tag)) continue;
        if (diedAdmitting.has(tag)) diedWithProcess++;
        else tally.invariant(`/imagine ${tag} (shard ${answer.shard}, callback ${answer.type}) has no stored job`);
      }
      const problems = await visibilityProblems(store.db, world.emulator, jobs, isUnacknowledged);
      const calls = checkCalls(jobs, fake.requests, (i) => fake.ledger.chargedFor(i));
      tallyJobs(tally, jobs, [...problems, ...calls.problems]);
      const limited = fake.requests.filter((r) => r.status === 429).length;
      if (limited > 0) tally.invariant(`${limited} requests answered 429 across the takeovers`);
      const peak = maxRequestsInWindow(
        fake.requests.map((r) => r.receivedAt),
        QUOTA.windowMs,
      );
      if (peak > QUOTA.limit) tally.invariant(`${peak} requests arrived within one ${QUOTA.windowMs} ms window`);
      for (const violation of violationsOf(world.emulator)) tally.invariant(violation);
      return tally.result(
        `${jobs.length} jobs, ${interrupted.size} interrupted${diedWithProcess ? `, ${diedWithProcess} deferred and never committed by the killed process` : ''}; ${notes.join('; ')}; ${limited}×429, peak ${peak}/${QUOTA.limit}; ${describeFigures(calls.figures)}`,
      );
    } finally {
      if (cluster) {
        collectOutputs(
          ctx.outputs,
          'postgres-dispatch',
          cluster.emulator,
          { apiKey: cluster.stability.apiKey },
          Object.fromEntries(members.map((m, i) => [`process ${i + 1} (shard ${m.shard})`, m.bot.output()])),
        );
        await cluster.close();
      }
      for (const member of members) {
        await member.database.close();
        await member.stability.close();
      }
      await reader?.close();
      await admin?.end().catch(() => undefined);
      await server?.stop();
    }
  },
};
