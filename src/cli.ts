#!/usr/bin/env node
import { runCli } from './cli/run.js';
import { readEnvironment } from './config.js';
import { createImageBackend } from './images/create-backend.js';

const code = await runCli(process.argv.slice(2), {
  env: readEnvironment(process.env),
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  createBackend: (config) => createImageBackend(config),
});
process.exitCode = code;
