import type { SavedBlend } from '../serve/model-file';
import type { BlendInfo } from './messages';

/** What the page says of a blend that serves: its members, its test figures, and whose item space the map shows. */
export function blendInfo(b: Pick<SavedBlend, 'model' | 'result'>): BlendInfo {
  const first = b.model.members[0];
  return {
    members: b.model.members.length,
    refit: b.model.refit,
    testRmse: b.result.testRmse,
    ...(Number.isFinite(b.result.testNdcg10) && { testNdcg10: b.result.testNdcg10 }),
    mapShows: `member 1 of ${b.model.members.length} (trial ${first.trial}, ${first.config.variant}-AutoRec${first.config.model === 'plus' ? '+' : ''}, weight ${(b.model.blend.weights[0] ?? 0).toFixed(2)})`,
  };
}
