import { memo } from 'react';
import type { MemoryPlan, RunInfo, RunPlan } from '../../worker/messages';

const fmt = (n: number) => n.toLocaleString('en-US');
const bytes = (b: number) => (b < 2 ** 20 ? `${(b / 1024).toFixed(0)} KiB` : `${(b / 2 ** 20).toFixed(0)} MiB`);

/** "N what", on a line of its own under the split (a space before it, for the text a screen reader reads); nothing for 0. */
function Detail({ count, id, text, note = false }: { count: number; id: string; text: string; note?: boolean }) {
  if (count <= 0) return null;
  return (
    <>
      {' '}
      <small className={note ? 'detail note' : 'detail'} data-testid={id}>
        {fmt(count)} {text}
      </small>
    </>
  );
}

/** "about N MiB, of what the backend allows", then the parts on a line of their own. */
function Memory({ m }: { m: MemoryPlan }) {
  return (
    <>
      about {bytes(m.total)}
      {m.limitBytes !== undefined && `, of the ${bytes(m.limitBytes)} this backend can hold`}
      {m.maxBufferBytes !== undefined && `; largest buffer ${bytes(m.largestBuffer)} of the GPU's ${bytes(m.maxBufferBytes)} per buffer`}{' '}
      <small className="detail">
        weights {bytes(m.weights)}, the kept epoch's weights {bytes(m.kept)}, optimizer {bytes(m.optimizer)}, gradients and batch {bytes(m.batch)}
      </small>
    </>
  );
}

const computeText = (compute: 'dense' | 'sparse', reason: string) =>
  `${compute === 'sparse' ? 'sparse (observed entries only)' : 'dense (whole batch blocks)'}${reason !== 'as chosen' ? ` · ${reason}` : ''}`;

interface RunDetailsProps {
  /** The memory plan of the next run, before it starts (when the settings differ from the run shown, or no run exists). */
  plan?: RunPlan;
  /** True while the plan asked for the current settings is on its way (the one shown is for older settings). */
  planPending?: boolean;
  /** The run as it was set up: its split, compute path and memory. */
  run?: RunInfo;
}

/** The next run's plan (memory against the backend's limits, before Start) and the current run's split. */
export const RunDetails = memo(function RunDetails({ plan, planPending, run }: RunDetailsProps) {
  if (!plan && !run) return null;
  return (
    <div className="run-details panel-box">
      {plan && (
        <div className="plan" data-testid="plan" data-backend={plan.backend} data-refused={plan.refusal ? true : undefined} aria-busy={planPending || undefined}>
          <h3>Next run{run ? ' (settings changed)' : ''}</h3>
          <dl>
            <dt>Backend</dt>
            <dd data-testid="plan-backend">
              {plan.backend}
              {plan.assumed && (
                <small className="detail" data-testid="plan-assumed">
                  assumed until it starts: {plan.assumed}
                </small>
              )}
            </dd>
            <dt>Inputs</dt>
            <dd>
              {fmt(plan.inputDim)} per row ({plan.variant === 'I' ? 'users: I-AutoRec' : 'items: U-AutoRec'})
            </dd>
            {plan.compute && plan.computeReason && (
              <>
                <dt>Compute</dt>
                <dd>{computeText(plan.compute, plan.computeReason)}</dd>
              </>
            )}
            {plan.memory && (
              <>
                <dt>Memory</dt>
                <dd data-testid="plan-memory" className={plan.refusal ? 'over' : undefined}>
                  {plan.refusal ? <strong className="fit">does not fit: </strong> : <span className="fit">fits: </span>}
                  <Memory m={plan.memory} />
                </dd>
              </>
            )}
          </dl>
        </div>
      )}
      {run && (
        <div className="this-run">
          <h3>This run</h3>
          <dl>
            <dt>Train / validation / test</dt>
            <dd data-testid="split" data-train={run.trainRatings} data-valid={run.validRatings} data-test={run.testRatings}>
              {fmt(run.trainRatings)} / {run.validRatings > 0 ? fmt(run.validRatings) : 'none'} / {fmt(run.testRatings)}
              <Detail count={run.unseenTest} id="unseen-test" text="test ratings of users or items unseen in training" />
              <Detail count={run.unseenValid} id="unseen-valid" text="validation ratings of users or items unseen in training" />
              {run.unseenTest + run.unseenValid > 0 && <small className="detail">(a new item is predicted from its user's ratings, a new user from the item's)</small>}
              <Detail count={run.overlapRemoved} id="overlap-removed" text="test pairs also in the ratings: removed from training" note />
            </dd>
            <dt>Compute</dt>
            <dd data-testid="compute" data-value={run.compute} data-step={run.step}>
              {computeText(run.compute, run.computeReason)}
              {run.step === 'fused' && ' · each batch one fused step in the kernels'}
            </dd>
            <dt>Memory</dt>
            <dd data-testid="memory">
              <Memory m={run.memory} />
            </dd>
          </dl>
        </div>
      )}
    </div>
  );
});
