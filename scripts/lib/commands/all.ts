import type { Command } from '../command';
import { BENCH } from './bench';
import { BENCH_ADAM } from './bench-adam';
import { BENCH_GPU } from './bench-gpu';
import { BENCH_PARSE } from './bench-parse';
import { BENCH_PEER } from './bench-peer';
import { EXPORT } from './export';
import { PROFILE } from './profile';
import { RECOMMEND } from './recommend';
import { TRAIN } from './train';
import { TUNE } from './tune';

/** Every headless command, in the order docs/cli.md lists them. */
export const COMMANDS: readonly Command[] = [TRAIN, TUNE, RECOMMEND, EXPORT, BENCH, BENCH_PEER, BENCH_GPU, BENCH_PARSE, BENCH_ADAM, PROFILE];
