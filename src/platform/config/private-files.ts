import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';

/** A directory only its owner may enter: the data dir holds customers, raw mail and the key. */
export const PRIVATE_DIR_MODE = 0o700;
/** A file only its owner may read: the SQLite database (and -wal/-shm) and the key file. */
export const PRIVATE_FILE_MODE = 0o600;

/** A mode tightened at start, for the caller to log (`from`/`to` in octal, e.g. `644`). */
export interface ModeTightened {
  readonly path: string;
  readonly from: string;
  readonly to: string;
}

/** Told about every mode tightened, so the caller can log it. */
export type OnTightened = (change: ModeTightened) => void;

/** Creates `dir` and any missing parents with mode 0700; an existing directory is left as it is. */
export function makePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/**
 * Creates `file` empty with mode 0600 when it does not exist, so a program that then opens it
 * (SQLite) never has it readable by others, not even for a moment.
 */
export function createPrivateFile(file: string): void {
  try {
    closeSync(openSync(file, 'wx', PRIVATE_FILE_MODE));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/**
 * Removes every permission beyond `mode` from `path` when it exists and this process owns it (an
 * installation made by an older version, or by hand); reports each change to `onTightened`.
 * Paths owned by someone else are left alone: chmod would fail, and an operator chose that.
 * So are sticky directories such as /tmp.
 */
export function tightenMode(path: string, mode: number, onTightened?: OnTightened): void {
  let stat;
  try {
    stat = statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const current = stat.mode & 0o777;
  if ((current & ~mode) === 0) return;
  const uid = process.getuid?.();
  if (uid === undefined || stat.uid !== uid) return;
  // A sticky directory (/tmp) is shared by design: a data dir pointed at it is a mistake to fix by
  // hand, never a reason to lock everyone else out of it.
  if (stat.isDirectory() && (stat.mode & 0o1000) !== 0) return;
  const next = current & mode;
  // Keep setgid and the like: only the permission bits others have are taken away.
  chmodSync(path, (stat.mode & 0o7000) | next);
  onTightened?.({ path, from: current.toString(8), to: next.toString(8) });
}
