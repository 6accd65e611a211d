import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The `gerbang` command of this checkout (built by `npm test` before Jest starts). */
export const GERBANG_BIN = fileURLToPath(new URL('../../bin/gerbang.js', import.meta.url));

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion with the given environment (added to a minimal one). */
export function run(command: string, args: string[], env: Record<string, string> = {}, cwd?: string, input?: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/** Runs `gerbang <args>` on this Node (24) with the given environment. */
export function gerbang(args: string[], env: Record<string, string>, cwd?: string): Promise<RunResult> {
  return run(process.execPath, [GERBANG_BIN, ...args], env, cwd);
}

/** Creates an app with `gerbang app create` (as an admin would) and returns its credentials as headers. */
export async function createAppWithCli(env: Record<string, string>, code: string): Promise<Record<string, string>> {
  const created = await gerbang(['app', 'create', '--code', code, '--name', code, '--json'], env);
  if (created.code !== 0) throw new Error(`gerbang app create failed: ${created.stderr}`);
  return { 'X-App-Code': code, 'X-Api-Key': (JSON.parse(created.stdout) as { apiKey: string }).apiKey };
}

/** Starts `gerbang serve` as its own process and resolves once it listens. */
export async function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; output: () => string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [GERBANG_BIN, 'serve'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gerbang did not start:\n${output}`)), 20_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      if (output.includes('gerbang listening on') && output.includes('Admin UI:')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`gerbang exited with ${code}:\n${output}`));
    });
  });
  child.removeAllListeners('exit');
  return {
    child,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
