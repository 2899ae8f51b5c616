import { generateDemo } from '../data/demo';
import { removeOverlap, untrainable } from '../data/holdout';
import { joinTestSet, type JoinedTestSet } from '../data/join';
import { readFiles } from '../data/read/files';
import { parseRatingsFile } from '../data/read/parse';
import { summarize, type DatasetSummary } from '../data/summary';
import type { Dataset, RatingTriples, Split } from '../data/types';
import type { TrainConfig } from '../config/config';
import type { FromWorker } from './messages';

/** A second file as the test set, as the session keeps it: its ratings, and what the panel says of it. */
interface TestFile {
  summary: NonNullable<DatasetSummary['testFile']>;
  test: RatingTriples;
}

/**
 * The loaded data (and a second test file): files read and recognised by content, the demo, a test file
 * joined to the ratings. New data first ends what used the old (`replacing`: a run, a search, the kept model),
 * then is said to the page.
 */
export class LoadedData {
  private current?: Dataset;
  private testFile?: TestFile;

  constructor(
    private readonly post: (msg: FromWorker) => void,
    private readonly replacing: () => void,
  ) {}

  get dataset(): Dataset | undefined {
    return this.current;
  }

  /** One file: ratings or an archive (or titles for the loaded ratings), as loadFiles. */
  async load(file: File): Promise<void> {
    return this.loadFiles([file]);
  }

  /**
   * Files dropped or chosen together, recognised by content (src/data/read/files.ts): the ratings, with
   * titles and a test file when given; titles alone attach to the loaded data and keep its test file.
   */
  async loadFiles(files: File[]): Promise<void> {
    const read = await readFiles(
      files.map((f) => ({ name: f.name, blob: f })),
      this.current,
      { onProgress: (progress) => this.post({ type: 'progress', progress }) },
    );
    if (!read.ok) return this.post({ type: 'loadError', error: read.error });
    const { dataset: d, test, titlesOnly } = read.value;
    if (titlesOnly) return this.replace(d, this.testFile);
    const why = untrainable(d);
    if (why) return this.post({ type: 'loadError', error: { message: why, source: d.source } });
    this.replace(d, test && testFileOf(test));
  }

  loadDemo(): void {
    this.replace(generateDemo());
  }

  /** A second file as the test set: ids join the loaded dataset's, unseen ones and pairs also in the ratings are counted. */
  async loadTest(file: File): Promise<void> {
    const base = this.current;
    const t = base && (await this.parse(file));
    if (!base || !t) return;
    const j = joinTestSet(base, t);
    this.replace(j.dataset, testFileOf({ ...j, source: t.source }));
  }

  /** New data (and its test file, if any): what used the old data ends first. */
  replace(d: Dataset, test?: TestFile): void {
    this.replacing();
    this.current = d;
    this.testFile = test;
    this.post({ type: 'loaded', summary: { ...summarize(d), testFile: test?.summary } });
  }

  /** The split `config` names on `d`: none (random, made by the run), the test file's, or a preset's; throws when it is missing. */
  chosenSplit(d: Dataset, config: TrainConfig): Split | undefined {
    if (config.split === 'random') return undefined;
    if (config.split === 'file') {
      if (!this.testFile) throw new Error('Load a test file first, or pick another split.');
      return { train: d.ratings, test: this.testFile.test };
    }
    const preset = d.presetSplits?.find((s) => s.name === config.split);
    if (!preset) throw new Error(`This dataset has no "${config.split}" split.`);
    return preset;
  }

  private async parse(file: File): Promise<Dataset | undefined> {
    const result = await parseRatingsFile(file, file.name, { onProgress: (progress) => this.post({ type: 'progress', progress }) });
    if (result.ok) return result.value;
    this.post({ type: 'loadError', error: result.error });
  }
}

function testFileOf(j: JoinedTestSet & { source: string }): TestFile {
  const overlap = removeOverlap(j.dataset.ratings, j.test, j.dataset.numUsers).removed;
  return { test: j.test, summary: { source: j.source, ratings: j.test.ratings.length, unseenUsers: j.unseenUsers, unseenItems: j.unseenItems, overlap } };
}
