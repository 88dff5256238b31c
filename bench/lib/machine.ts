import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface MachineInfo {
  date: string;
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  chromium: string;
  os: string;
  commit: string;
}

function cpuModel(): string {
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (match) return match[1]!.trim();
  } catch {
    // not Linux: fall back to what Node reports
  }
  return os.cpus()[0]?.model ?? 'unknown';
}

function osName(): string {
  try {
    const match = /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'));
    if (match) return `${match[1]} (${os.release()})`;
  } catch {
    // ignore
  }
  return `${os.type()} ${os.release()}`;
}

function chromiumVersion(executable: string): string {
  try {
    const output = execFileSync(executable, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return output.trim().split('\n').at(-1)?.trim() ?? 'unknown';
  } catch {
    return 'not found';
  }
}

function gitCommit(root: string): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      cwd: root,
      encoding: 'utf8',
    });
    return dirty.trim() ? `${commit} + uncommitted changes` : commit;
  } catch {
    return 'unknown';
  }
}

/** What the numbers were measured on: they mean little without it. */
export function describeMachine(root: string): MachineInfo {
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cpus: os.availableParallelism(),
    cpuModel: cpuModel(),
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    chromium: chromiumVersion(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'),
    os: osName(),
    commit: gitCommit(root),
  };
}

export function machineLine(machine: MachineInfo): string {
  return (
    `${machine.date}, ${machine.cpus} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB RAM, ` +
    `Node ${machine.node}, ${machine.chromium}, commit ${machine.commit}`
  );
}
