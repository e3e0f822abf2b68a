import type { Outputs } from '../harness/outputs.js';
import type { ProbeResult } from '../probe.js';

/**
 * The last row: every log line, Discord message (every version of it) and line this suite printed, scanned for the
 * bot token, the API key and each interaction token issued during the run. Tried counts the outputs scanned.
 */
export function secretsResult(report: ReturnType<Outputs['report']>): ProbeResult {
  const mib = (report.bytes / 1024 / 1024).toFixed(1);
  return {
    tried: report.texts,
    handled: report.texts - Math.min(report.texts, report.leaks.length),
    failed: report.leaks.length,
    note: `${mib} MiB of logs, messages and output against ${report.secrets} secrets and tokens`,
    problems: report.leaks,
  };
}
