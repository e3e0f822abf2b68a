import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.js';
import { StoreUnavailableError } from '../../src/store/store-errors.js';

/** `chattr` needs root and a filesystem with the immutable attribute (ext4 here and in CI). */
function chattr(flag: '+i' | '-i', path: string): boolean {
  try {
    execFileSync('chattr', [flag, path], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

let dir: string | undefined;
let locked: string | undefined;
afterEach(() => {
  if (locked) chattr('-i', locked);
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
  locked = undefined;
});

/** Found by the fault suite (faults/harness/start-readonly.ts): the start failed later, with a stack trace. */
describe('a SQLite file that is read-only when the bot starts', () => {
  it('is refused at open with one error naming the file, even when its schema is already current', async () => {
    dir = mkdtempSync(join(tmpdir(), 'imagine-readonly-'));
    const path = join(dir, 'bot.sqlite');
    const first = await openDatabase({ kind: 'sqlite', path }, Date.now());
    await first.close();
    if (!chattr('+i', path)) return; // no immutable bit here: nothing to prove
    locked = path;
    const opening = openDatabase({ kind: 'sqlite', path }, Date.now());
    await expect(opening).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(opening).rejects.toThrow(path);
  });
});
