/**
 * File-system errors worded for the user, in one place: every command that reads a file the user named
 * (or opens the directory of an embedded database) says "file not found", "not a file", "not a
 * directory" or "permission denied", with the path and the flag it came from, not Node's error text; a file
 * to be written whose folder is missing is told so ("the folder does not exist").
 */
import { randomBytes } from 'node:crypto';
import { accessSync, constants, statSync } from 'node:fs';
import { type FileHandle, open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from './errors.js';

const PROBLEMS: Readonly<Record<string, string>> = {
  ENOENT: 'file not found',
  EISDIR: 'not a file',
  ENOTDIR: 'not a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
};

const problemError = (problem: string, path: string, flag: string | undefined) =>
  new UserError(`${flag ? `${flag}: ` : ''}${problem}: ${path}`);

/**
 * `error`, from a file-system call on `path`, as a user error naming `flag` (`--map: file not found:
 * /abs/map.json`); undefined when it is another error (the caller rethrows it as it is).
 */
export function fileProblem(error: unknown, path: string, flag?: string): UserError | undefined {
  const problem = PROBLEMS[(error as NodeJS.ErrnoException | null)?.code ?? ''];
  return problem === undefined ? undefined : problemError(problem, path, flag);
}

/** An empty file name (`--out ""`) names no file: resolved, it would be the working folder. */
function refuseEmpty(file: string, flag: string | undefined, purpose: string): void {
  if (file.trim() === '')
    throw new UserError(`${flag ?? 'the file name'} is empty: give the file ${purpose}`);
}

/**
 * The absolute path of `file` (resolved against `cwd`), checked to be a file that can be read: before a
 * reader starts on it, so that a mistyped name is told with its flag.
 */
export function checkFile(file: string, cwd: string, flag?: string): string {
  refuseEmpty(file, flag, 'to read');
  const path = resolve(cwd, file);
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
    if (isFile) accessSync(path, constants.R_OK);
  } catch (error) {
    throw fileProblem(error, path, flag) ?? error;
  }
  if (!isFile) throw problemError(PROBLEMS.EISDIR!, path, flag);
  return path;
}

/**
 * The absolute path of `file` (resolved against `cwd`), a file to be written: checked to lie in a folder that
 * exists, before any work, so that a mistyped folder is told as such and not as a missing file.
 */
export function checkOutputFolder(file: string, cwd: string, flag?: string): string {
  refuseEmpty(file, flag, 'to write');
  const path = resolve(cwd, file);
  const folder = dirname(path);
  let isFolder: boolean;
  try {
    isFolder = statSync(folder).isDirectory();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | null)?.code;
    if (code === 'ENOENT') throw problemError('the folder does not exist', folder, flag);
    throw fileProblem(error, folder, flag) ?? error;
  }
  if (!isFolder) throw problemError(PROBLEMS.ENOTDIR!, folder, flag);
  return path;
}

/** The text of `file` (resolved against `cwd`), a file-system failure told as `fileProblem` tells it. */
export async function readUserFile(file: string, cwd: string, flag?: string): Promise<string> {
  const path = resolve(cwd, file);
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw fileProblem(error, path, flag) ?? error;
  }
}

/**
 * Runs `fill` with a writer into a new file beside `path`, readable by its owner only (it holds personal
 * data), then renames it to `path`, replacing a file of that name as `> file` does; the file is removed when
 * `fill` fails, and nothing is created before the first write (an unknown customer leaves no file).
 */
export async function writePrivateFile<T>(
  path: string,
  flag: string | undefined,
  fill: (write: (text: string) => Promise<void>) => Promise<T>,
): Promise<T> {
  const partial = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.partial`);
  let file: FileHandle | undefined;
  const write = async (text: string) => {
    try {
      file ??= await open(partial, 'wx', 0o600);
    } catch (error) {
      throw fileProblem(error, path, flag) ?? error;
    }
    await file.write(text);
  };
  try {
    const result = await fill(write);
    await file?.close();
    file = undefined;
    await rename(partial, path).catch((error) => {
      throw fileProblem(error, path, flag) ?? error;
    });
    return result;
  } catch (error) {
    await file?.close();
    await rm(partial, { force: true });
    throw error;
  }
}
