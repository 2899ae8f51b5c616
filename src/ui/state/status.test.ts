import { expect, it } from 'vitest';
import { ep } from '../../testing/test-epochs';
import { overfitHint, statusText } from './status';

it('says where the run stands, with how it ended and where a pause fell', () => {
  const epochs = [ep(1, 1, 1), ep(2, 1, 1), ep(3, 1, 1), ep(4, 1, 1)];
  expect(statusText({ phase: 'running', epochs })).toBe('Training… 4 epochs done.');
  expect(statusText({ phase: 'paused', epochs, pausedAt: { epoch: 4, batch: 0, batches: 7 } })).toBe('Paused after epoch 4.');
  expect(statusText({ phase: 'paused', epochs, pausedAt: { epoch: 5, batch: 3, batches: 7 } })).toBe('Paused after epoch 4 (in epoch 5, batch 3 of 7).');
  expect(statusText({ phase: 'finished', epochs })).toBe('Run finished after 4 epochs.');
  expect(statusText({ phase: 'finished', epochs, end: { kind: 'early-stopped', message: 'early stop at epoch 4: validation RMSE no better for 3 epochs; kept epoch 1' } })).toBe(
    'Run finished after 4 epochs: early stop at epoch 4: validation RMSE no better for 3 epochs; kept epoch 1.',
  );
  expect(statusText({ phase: 'stopped', epochs: epochs.slice(0, 3), end: { kind: 'diverged', message: 'diverged at epoch 3: lower the learning rate.' } })).toBe(
    'Run stopped after 3 epochs: diverged at epoch 3: lower the learning rate.',
  );
  expect(statusText({ phase: 'stopped', epochs, end: { kind: 'stopped', message: '' } })).toBe('Run stopped after 4 epochs.');
});

it("the overfitting hint names the run's own patience, and suggests one only where there is none", () => {
  expect(overfitHint('validation', 12, 5)).toMatch(/keeps epoch 12, .* the run stops once validation RMSE has not improved for 5 epochs\.$/);
  expect(overfitHint('validation', 12, 0)).toMatch(/or set a patience to stop early\.$/);
  expect(overfitHint('test', 30, 0)).toMatch(/keeps its last epoch \(30\)/);
});
