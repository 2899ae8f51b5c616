import { ACTIVATIONS, BACKEND_CHOICES, COMPUTES, D2L_DEFAULTS, OPTIMIZERS, type BackendChoice, type TrainConfig } from '../model/config';

/** Short URL keys for every setting, so a link reproduces a run's setup. */
const KEYS: Record<keyof TrainConfig, string> = {
  variant: 'variant',
  hidden: 'hidden',
  extraLayers: 'layers',
  encoder: 'enc',
  decoder: 'dec',
  dropout: 'dropout',
  l2: 'l2',
  optimizer: 'opt',
  compute: 'compute',
  learningRate: 'lr',
  batchSize: 'batch',
  epochs: 'epochs',
  seed: 'seed',
  split: 'split',
  testRatio: 'test',
};

export function configToQuery(c: TrainConfig, backend: BackendChoice): string {
  const q = new URLSearchParams();
  for (const [k, key] of Object.entries(KEYS) as [keyof TrainConfig, string][]) q.set(key, String(c[k]));
  q.set('backend', backend);
  return q.toString();
}

const oneOf = <T extends string>(v: string | null, options: readonly T[], fallback: T): T =>
  v !== null && (options as readonly string[]).includes(v) ? (v as T) : fallback;

/** Settings from a query string; anything missing or invalid keeps its default. */
export function queryToConfig(search: string): { config: TrainConfig; backend: BackendChoice } {
  const q = new URLSearchParams(search);
  const d = D2L_DEFAULTS;
  const num = (k: keyof TrainConfig, min: number, max: number): number => {
    const v = Number(q.get(KEYS[k]) ?? NaN);
    return Number.isFinite(v) && v >= min && v <= max ? v : (d[k] as number);
  };
  return {
    config: {
      variant: oneOf(q.get('variant'), ['I', 'U'] as const, d.variant),
      hidden: Math.round(num('hidden', 1, 10000)),
      extraLayers: Math.round(num('extraLayers', 0, 8)),
      encoder: oneOf(q.get('enc'), ACTIVATIONS, d.encoder),
      decoder: oneOf(q.get('dec'), ACTIVATIONS, d.decoder),
      dropout: num('dropout', 0, 0.95),
      l2: num('l2', 0, 1e4),
      optimizer: oneOf(q.get('opt'), OPTIMIZERS, d.optimizer),
      compute: oneOf(q.get('compute'), COMPUTES, d.compute),
      learningRate: num('learningRate', 1e-6, 10),
      batchSize: Math.round(num('batchSize', 1, 65536)),
      epochs: Math.round(num('epochs', 1, 10000)),
      seed: Math.round(num('seed', 0, 2 ** 31)),
      split: q.get('split') || d.split,
      testRatio: num('testRatio', 0.01, 0.9),
    },
    backend: oneOf(q.get('backend'), BACKEND_CHOICES, 'auto'),
  };
}
