// The instance's state folder (CORKBOARD_DATA_DIR): small files written whole and atomically
// (temporary file, then rename), so a crash mid-write leaves the previous copy intact.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface DataDir {
  readonly root: string;
  path(name: string): string;
  readText(name: string): Promise<string | null>;
  writeText(name: string, text: string): Promise<void>;
  readJson<T>(name: string): Promise<T | null>;
  writeJson(name: string, value: unknown): Promise<void>;
  /**
   * A random secret kept in the folder (created on first use): signs report tokens and admin
   * cookies. When the folder cannot be written, a secret for this process only (tokens then end
   * with a restart) rather than a failing page.
   */
  secret(): Buffer;
}

/** Opens the folder; it is created on the first write, so an instance that stores nothing leaves no trace. */
export function openDataDir(root: string, onError?: (message: string) => void): DataDir {
  let secret: Buffer | null = null;
  const full = (name: string) => path.join(root, name);

  async function writeText(name: string, text: string): Promise<void> {
    const target = full(name);
    await mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(tmp, text, { mode: 0o600 });
    await rename(tmp, target);
  }

  async function readText(name: string): Promise<string | null> {
    try {
      return await readFile(full(name), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  return {
    root,
    path: full,
    readText,
    writeText,
    async readJson<T>(name: string): Promise<T | null> {
      const text = await readText(name);
      if (text === null) return null;
      try {
        return JSON.parse(text) as T;
      } catch {
        return null; // a damaged file is treated as absent; the next write replaces it
      }
    },
    writeJson: (name, value) => writeText(name, JSON.stringify(value)),
    secret() {
      if (secret) return secret;
      const file = full('secret.key');
      try {
        const hex = readFileSync(file, 'utf8').trim();
        if (/^[0-9a-f]{64}$/.test(hex)) secret = Buffer.from(hex, 'hex');
      } catch {
        // not there yet
      }
      if (!secret) {
        secret = randomBytes(32);
        try {
          mkdirSync(root, { recursive: true });
          const tmp = `${file}.${process.pid}.tmp`;
          writeFileSync(tmp, secret.toString('hex'), { mode: 0o600 });
          renameSync(tmp, file);
        } catch (e) {
          onError?.(`data folder ${root} is not writable (${(e as Error).message}); report tokens last until a restart`);
        }
      }
      return secret;
    },
  };
}
