import { expect, it } from 'vitest';
import { EPOCH_CSV_HEADER, runCsv } from './run-export';
import { ep } from '../../testing/test-epochs';

it('writes one CSV line per epoch, an empty cell where there is no validation', () => {
  const epochs = [
    ep(1, 1.5, 1.1, 1.2, { trainRmse: 1.05, testMae: 0.9, ms: 1000.4 }),
    ep(2, 1.25, 1.0, NaN, { trainRmse: 0.95, testMae: 0.8, ms: 500.2, learningRate: 0.01, l2: 0.5, dropout: 0.2, testPrecision10: 0.125, testRecall10: 0.25, testNdcg10: 0.5 }),
  ];
  const lines = runCsv(epochs).split('\n');
  expect(EPOCH_CSV_HEADER).toBe('epoch,wall_ms,train_loss,train_rmse,valid_rmse,test_rmse,test_mae,learning_rate,l2,dropout,kernel_l2,test_precision10,test_recall10,test_ndcg10');
  expect(lines).toEqual([EPOCH_CSV_HEADER, '1,1000,1.5,1.05,1.2,1.1,0.9,0.002,,,,,,', '2,1501,1.25,0.95,,1,0.8,0.01,0.5,0.2,,0.125,0.25,0.5', '']);
});
