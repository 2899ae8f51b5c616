import { describe, expect, it } from 'vitest';
import { atStake, dataName, filesName, NOTHING_AT_STAKE, replaceQuestion, type AtStake } from './replace-question';
import type { SessionView } from './session-view';
import type { DatasetSummary, EpochStats, TrainConfig } from '../../worker/messages';

const ml100k = { source: 'ml-100k.zip \u203a ml-100k/u.data', ratings: 100_000 };
const trained: AtStake = { dataset: ml100k, epochs: 25, recommendations: true, tuneTrials: 0 };

describe('replaceQuestion: what is at stake -> the question, or none', () => {
  it('names the data, the model, its epochs and its recommendations', () => {
    expect(replaceQuestion(trained, 'ratings.csv')).toEqual({
      text: 'Replace ml-100k (100,000 ratings), its model trained 25 epochs and its recommendations with ratings.csv?',
      replace: 'Replace',
      keep: 'Keep ml-100k',
    });
  });

  it('no question without a trained model or a Tune result: data alone loads at once', () => {
    expect(replaceQuestion(NOTHING_AT_STAKE, 'ratings.csv')).toBeUndefined();
    expect(replaceQuestion({ ...trained, epochs: 0, recommendations: false }, 'ratings.csv')).toBeUndefined();
  });

  it('one epoch is a trained model', () => {
    expect(replaceQuestion({ ...trained, epochs: 1, recommendations: false }, 'the demo data')?.text).toBe('Replace ml-100k (100,000 ratings) and its model trained 1 epoch with the demo data?');
  });

  it('an opened model, and a Tune result with no model', () => {
    expect(replaceQuestion({ dataset: { source: 'demo', ratings: 12_345 }, epochs: 30, opened: 'autorec-model.zip', recommendations: false, tuneTrials: 0 }, 'm.zip')).toEqual({
      text: 'Replace the demo data (12,345 ratings) and its model opened from autorec-model.zip (30 epochs) with m.zip?',
      replace: 'Replace',
      keep: 'Keep the demo data',
    });
    expect(replaceQuestion({ dataset: ml100k, epochs: 0, recommendations: false, tuneTrials: 12 }, 'ratings.csv')?.text).toBe('Replace ml-100k (100,000 ratings) and its Tune result (12 trials) with ratings.csv?');
  });

  it('names', () => {
    expect(dataName('ratings.csv')).toBe('ratings.csv');
    expect(dataName('ml-latest-small.ZIP \u203a ml-latest-small/ratings.csv')).toBe('ml-latest-small');
    expect(filesName(['ratings.dat'])).toBe('ratings.dat');
    expect(filesName(['ratings.dat', 'movies.dat'])).toBe('ratings.dat and movies.dat');
    expect(filesName(['ratings.dat', 'movies.dat', 'u1.test'])).toBe('ratings.dat and 2 more files');
  });
});

describe('atStake: from the page state', () => {
  const dataset = { source: 'demo', ratings: 5000 } as DatasetSummary;
  const epochs = (n: number) => Array.from({ length: n }, (_, k) => ({ epoch: k + 1 }) as EpochStats);
  const view = (v: Partial<SessionView>) => ({ epochs: [], ...v });
  const noTune = { trials: [] };

  it('nothing loaded, data alone, a run of two epochs with recommendations', () => {
    expect(atStake(view({}), noTune)).toEqual(NOTHING_AT_STAKE);
    expect(atStake(view({ dataset }), noTune)).toEqual({ ...NOTHING_AT_STAKE, dataset: { source: 'demo', ratings: 5000 } });
    expect(atStake(view({ dataset, epochs: epochs(2), recommendations: { user: 1 } as SessionView['recommendations'] }), noTune)).toMatchObject({ epochs: 2, recommendations: true });
  });

  it('an opened model counts its trained epochs; a Tune search its trials', () => {
    const openedModel = { name: 'm.zip', trained: 30, keptEpoch: 20, config: {} as TrainConfig };
    expect(atStake(view({ dataset, openedModel, epochs: epochs(30) }), noTune)).toMatchObject({ epochs: 30, opened: 'm.zip' });
    expect(atStake(view({ dataset }), { trials: [{}, {}, {}] as never[] }).tuneTrials).toBe(3);
  });
});
