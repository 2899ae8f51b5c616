// Runs a headless command (scripts/<script>) as a person would and returns its JSON lines: for the command tests.
import { execFileSync } from 'node:child_process';

export function commandLines(script: string, args: string[], timeoutMs = 240_000): Record<string, unknown>[] {
  return execFileSync('npx', ['tsx', `scripts/${script}`, ...args], { encoding: 'utf8', timeout: timeoutMs, stdio: ['ignore', 'pipe', 'pipe'] })
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}
