import { FOLDS } from '../../../config/tune-results';
import { describeModel } from '../../../config/tune-report';
import type { TuneResult as Result } from '../../../worker/messages';
import { f4 } from './format';

/** The reported model's test figure, measured once after the search, with its validation figures beside it. */
export function TuneResult({ result, dataset }: { result: Result; /** The data the search ran on. */ dataset?: string }) {
  return (
    <div className="tune-result" data-testid="tune-result" data-test-rmse={result.testRmse}>
      <p>
        <strong>Test RMSE {f4(result.testRmse)}</strong> (MAE {f4(result.testMae)}){dataset && ` on ${dataset}`}, measured once, after the search, for{' '}
        <span data-testid="reported-model" data-fitted={result.blend.fitted}>
          {describeModel(result)}
        </span>
        {result.members.length > 1 && ` (better on validation than trial ${result.best.id} alone)`}
        {result.refit && ', each refit on training + validation for the epochs it kept'}.
      </p>
      {result.stoppedAfter && (
        <p className="note" data-testid="stopped-after">
          Stopped after {result.stoppedAfter.finished} of {result.stoppedAfter.of} members: this is the blend of the {result.stoppedAfter.finished} that finished, not the full recipe.
        </p>
      )}
      <p className="hint">
        Validation RMSE {f4(result.validRmse)}
        {result.blend.fitted && ` (cross-validated: each of ${FOLDS} parts of the validation ratings predicted with weights fitted on the others)`}
        {result.members.length > 1 && ` (best trial alone ${f4(result.bestValidRmse)})`}; {result.trials} trials in {result.minutes.toFixed(1)} min. No trial saw the test set.
      </p>
      {result.testNdcg10 !== undefined && Number.isFinite(result.testNdcg10) && (
        <p className="hint" data-testid="tune-ranking">
          At 10 on the test ratings: precision {f4(result.testPrecision10 ?? NaN)}, recall {f4(result.testRecall10 ?? NaN)}, NDCG {f4(result.testNdcg10)}
          {result.popular &&
            `; most popular items: precision ${f4(result.popular.precision)}, recall ${f4(result.popular.recall)}, NDCG ${f4(result.popular.ndcg)} (${
              result.popular.users === result.popular.usersWithRelevant ? `${result.popular.users} users` : `${result.popular.users} of ${result.popular.usersWithRelevant} users`
            } with a relevant test rating)`}
          .
        </p>
      )}
      {result.validBySize.length > 1 && (
        <p className="hint" data-testid="valid-by-size">
          Validation RMSE of the average of the best k trials: {result.validBySize.map((v, k) => `${k + 1}: ${f4(v)}`).join(' · ')}
          {result.fittedValidRmse !== undefined && ` · all ${result.validBySize.length} with weights fitted on validation: ${f4(result.fittedValidRmse)}`}
        </p>
      )}
    </div>
  );
}
