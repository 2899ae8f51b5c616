import { checkSetting, SETTINGS } from '../../config/settings';
import type { DatasetSummary, RunPlan } from '../../worker/messages';
import { NOTHING_AT_STAKE, type AtStake } from '../state/replace-question';
import { useAskFirst } from '../state/use-ask-first';
import { NumberField } from './NumberField';
import { ReplaceConfirm } from './ReplaceConfirm';
import { Select } from './Select';
import { Slider } from './Slider';

interface SplitPickerProps {
  summary: DatasetSummary;
  split: string;
  testRatio: number;
  splitSeed: number;
  /** The validation share: the split seed also picks it. */
  validRatio: number;
  disabled: boolean;
  /** A run is live: a second file cannot be loaded under it (its split can still be chosen for the next run). */
  fileLocked: boolean;
  onSplit: (split: string) => void;
  onTestRatio: (ratio: number) => void;
  onSplitSeed: (seed: number) => void;
  onTestFile: (file: File) => void;
  /** The sets these split settings make (the run plan's), before Start; undefined while it cannot be made. */
  counts?: RunPlan['split'];
  /** The counts shown are for older settings: new ones are on their way. */
  countsPending?: boolean;
  /** What a test file would replace (its data is joined anew: the model and recommendations go): asks first, as a drop does. */
  stake?: AtStake;
}

const SEED_MAX = (SETTINGS.splitSeed.rule as { max: number }).max;
const fmt = (n: number) => n.toLocaleString('en-US');

/** How ratings are held out for testing: seeded random share, the dataset's own splits, or a second file. */
export function SplitPicker({ summary, split, testRatio, splitSeed, validRatio, disabled, fileLocked, onSplit, onTestRatio, onSplitSeed, onTestFile, counts, countsPending, stake = NOTHING_AT_STAKE }: SplitPickerProps) {
  const { pending, ask, answer } = useAskFirst(stake, disabled || fileLocked);
  const options = ['random', ...summary.presetSplits, 'file'];
  const label = (o: string) => (o === 'random' ? 'Random (seeded)' : o === 'file' ? 'A second file…' : `${o}.base / ${o}.test`);
  const t = summary.testFile;
  return (
    <fieldset className="split" disabled={disabled}>
      <legend>Split</legend>
      <Select label="Split" value={options.includes(split) ? split : 'random'} options={options} format={label} onChange={onSplit} />
      <SplitCounts counts={counts} pending={countsPending} waiting={split === 'file' && !t} />
      {split === 'random' && (
        <Slider label="Test share" value={testRatio} min={0.05} max={0.5} step={0.05} format={(v) => `${Math.round(v * 100)}%`} onChange={onTestRatio} />
      )}
      <NumberField
        label="Split seed"
        value={splitSeed}
        min={0}
        max={SEED_MAX}
        check={(v) => checkSetting('splitSeed', v)}
        note={() => (split === 'random' ? 'test set and validation share' : validRatio > 0 ? 'validation share' : 'unused: no random split, no validation')}
        title="Seed of the random test split and of the validation share: changing the weights seed keeps the same test set."
        onChange={onSplitSeed}
      />
      {split === 'file' && (
        <>
          <label className={`button small${fileLocked ? ' disabled' : ''}`} title={fileLocked ? 'Stop the run to load a file' : undefined}>
            {t ? 'Replace test file…' : 'Choose test file…'}
            <input
              type="file"
              aria-label="Choose a test ratings file"
              disabled={fileLocked}
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) ask(`${file.name} as the test set`, () => onTestFile(file));
                e.target.value = '';
              }}
            />
          </label>
          {pending && <ReplaceConfirm question={pending.question} onAnswer={answer} />}
          {t && (
            <p className="hint" data-testid="test-file">
              {t.source}: {t.ratings.toLocaleString('en-US')} test ratings
              {t.unseenUsers + t.unseenItems > 0 &&
                `; ${t.unseenUsers} by users and ${t.unseenItems} of items not in the training file (a new item predicted from its user's training ratings, a new user from the item's)`}
              {t.overlap > 0 && (
                <span className="note" data-testid="test-overlap">
                  {' '}
                  {fmt(t.overlap)} of its pairs are also in the ratings file; they will be removed from training.
                </span>
              )}
            </p>
          )}
        </>
      )}
    </fieldset>
  );
}

/** "train N · validation N · test N" of the split the settings make, before Start (the plan's counts). */
function SplitCounts({ counts, pending, waiting }: { counts?: RunPlan['split']; pending?: boolean; waiting: boolean }) {
  if (waiting) return <p className="split-counts hint">Choose a test file to see the three sets.</p>;
  // the line is there before the counts are (the plan is on its way): nothing below it moves when they arrive
  if (!counts)
    return (
      <p className="split-counts" aria-busy="true">
        <span>train –</span> <span>validation –</span> <span>test –</span>
      </p>
    );
  return (
    <p className="split-counts" data-testid="split-counts" data-train={counts.train} data-valid={counts.valid} data-test={counts.test} aria-busy={pending || undefined}>
      <span>
        train <strong>{fmt(counts.train)}</strong>
      </span>
      <span>
        validation <strong>{counts.valid > 0 ? fmt(counts.valid) : 'none'}</strong>
      </span>
      <span>
        test <strong>{fmt(counts.test)}</strong>
      </span>
      {counts.overlapRemoved > 0 && <small className="note">{fmt(counts.overlapRemoved)} test pairs also in the ratings: left out of training</small>}
    </p>
  );
}
