import { expect, it } from 'vitest';
import { PauseGate } from './pause-gate';

it('pauses, plays and stops (stop is final), each transition said by its result', () => {
  const g = new PauseGate();
  expect([g.open, g.paused, g.stopped]).toEqual([true, false, false]);
  expect(g.play()).toBe(false);
  expect(g.pause()).toBe(true);
  expect(g.pause()).toBe(false);
  expect(g.paused).toBe(true);
  expect(g.play()).toBe(true);
  expect(g.open).toBe(true);
  expect(g.pause()).toBe(true);
  expect(g.stop()).toBe(true);
  expect([g.open, g.paused, g.stopped]).toEqual([false, false, true]);
  expect([g.stop(), g.pause(), g.play()]).toEqual([false, false, false]);
});

it('wakes a waiting loop at each transition, and whilePaused waits until it is played or stopped', async () => {
  const g = new PauseGate();
  const seen: string[] = [];
  g.pause();
  const waiting = g.whilePaused().then(() => seen.push(g.stopped ? 'stopped' : 'open'));
  await Promise.resolve();
  expect(seen).toEqual([]);
  g.stop();
  await waiting;
  expect(seen).toEqual(['stopped']);
  const g2 = new PauseGate();
  const changed = g2.changed().then(() => seen.push(g2.paused ? 'paused' : 'not paused'));
  g2.pause(); // a pause wakes nobody: a waiter waits for play or stop
  g2.play();
  await changed;
  expect(seen).toEqual(['stopped', 'not paused']);
});

it('leaves paused time out of the active time, a pause in progress included', async () => {
  const g = new PauseGate();
  const start = performance.now();
  g.pause();
  await new Promise((resolve) => setTimeout(resolve, 30));
  const whilePaused = g.activeMsSince(start);
  expect(g.pausedMs()).toBeGreaterThanOrEqual(25);
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(g.activeMsSince(start)).toBe(whilePaused); // the clock stands still while paused
  g.play();
  expect(g.pausedMs()).toBeGreaterThanOrEqual(45);
  expect(g.activeMsSince(start)).toBeLessThan(10);
});
