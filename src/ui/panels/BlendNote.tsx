import type { BlendInfo } from '../../worker/messages';

const f4 = (x: number) => (Number.isFinite(x) ? x.toFixed(4) : '–');

/** Says that Tune's blend serves the recommendations, and what it is. */
export function BlendNote({ blend }: { blend: BlendInfo }) {
  return (
    <p className="note" data-testid="blend-serves">
      From Tune's result: a blend of {blend.members} network{blend.members === 1 ? '' : 's'}
      {blend.refit ? ' refit on training + validation' : ''} (test RMSE {f4(blend.testRmse)}
      {blend.testNdcg10 !== undefined ? `, NDCG@10 ${f4(blend.testNdcg10)}` : ''}). "Because you liked" reads {blend.mapShows}.
    </p>
  );
}
