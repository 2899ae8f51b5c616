import { memo } from 'react';
import { ACTIVATIONS, BACKEND_CHOICES, COMPUTES, MODELS, OPTIMIZERS, type BackendChoice, type TrainConfig } from '../../config/config';
import { PRESETS } from '../../config/presets';
import { checkSetting, LIVE_SETTINGS, noPatienceWithoutValidation, SETTINGS } from '../../config/settings';
import { NumberField } from './NumberField';
import { applyPreset, switchModel } from '../../config/preset-config';
import { Select } from './Select';
import type { SettingTag } from './FieldHelp';
import {
  AVERAGE_HELP,
  DROPOUT_HELP,
  EPOCHS_HELP,
  GLOBAL_HELP,
  HIDDEN_HELP,
  KERNEL_HELP,
  L2_HELP,
  LR_HELP,
  MEMBERS_HELP,
  PATIENCE_OFF,
  VALID_HELP,
  VARIANT_HELP,
} from './setting-help';
import { Slider } from './Slider';

interface ControlsProps {
  config: TrainConfig;
  backend: BackendChoice;
  /** A run is live: the live settings reach it at its next batch, the others wait for the next run, or a restart. */
  live: boolean;
  onConfig: (c: TrainConfig) => void;
  onBackend: (b: BackendChoice) => void;
}

const sci = (v: number) => v.toExponential(1);
const share = (v: number) => (v === 0 ? 'off' : `${Math.round(v * 100)}%`);
const SEED_MAX = (SETTINGS.seed.rule as { max: number }).max;
const PATIENCE_MAX = (SETTINGS.patience.rule as { max: number }).max;
const EPOCHS_MAX = (SETTINGS.epochs.rule as { max: number }).max;
const LIVE: ReadonlySet<string> = new Set(LIVE_SETTINGS);

/** Cores this browser offers (navigator.hardwareConcurrency). */
const CORES = typeof navigator === 'undefined' ? 1 : Math.max(1, navigator.hardwareConcurrency || 1);

/** 0 (every core), then 1 .. the cores there are, and the current value if a URL asked for more. */
function threadChoices(current: number): number[] {
  const n = Array.from({ length: CORES + 1 }, (_, i) => i);
  return current > CORES ? [...n, current] : n;
}

/**
 * Hyper-parameters, open to change at any time: the five people tweak first, the rest one click away under
 * "More settings". Each says whether it applies live (at the running run's next batch) or, while a run is
 * live, waits for the next run.
 */
export const Controls = memo(function Controls({ config, backend, live, onConfig, onBackend }: ControlsProps) {
  const set =
    <K extends keyof TrainConfig>(k: K) =>
    (v: TrainConfig[K]) =>
      onConfig({ ...config, [k]: v });
  const tag = (k: keyof TrainConfig | 'backend'): SettingTag | undefined => (LIVE.has(k) ? 'live' : live ? 'next run' : undefined);
  return (
    <div className="controls">
      <div className="knobs panel-box" role="group" aria-label="Main settings">
        <Select label="Variant" value={config.variant} options={['I', 'U']} format={(v) => `${v}-AutoRec`} tag={tag('variant')} help={VARIANT_HELP} onChange={set('variant')} />
        <Slider label="Hidden units" value={config.hidden} min={4} max={1000} step={4} tag={tag('hidden')} help={HIDDEN_HELP} onChange={set('hidden')} />
        <Slider label="Learning rate" value={config.learningRate} min={1e-4} max={0.1} step={0.05} scale="log" format={sci} tag={tag('learningRate')} help={LR_HELP} onChange={set('learningRate')} />
        <Slider label="L2 penalty λ" value={config.l2} min={1e-6} max={100} step={0.1} scale="log" format={sci} tag={tag('l2')} help={L2_HELP} onChange={set('l2')} />
        <Slider label="Dropout" value={config.dropout} min={0} max={0.9} step={0.05} format={(v) => v.toFixed(2)} tag={tag('dropout')} help={DROPOUT_HELP} onChange={set('dropout')} />
      </div>
      <details className="more-settings panel-box">
        <summary>More settings</summary>
        <div className="more-body">
          <div className="presets" role="group" aria-label="Presets">
            {Object.entries(PRESETS).map(([key, p]) => (
              <button key={key} type="button" title={p.description} onClick={() => onConfig(applyPreset(p.config, config))}>
                {p.name}
              </button>
            ))}
          </div>
          <Select label="Model" value={config.model} options={MODELS} format={(m) => (m === 'plus' ? 'AutoRec+' : 'AutoRec')} tag={tag('model')} onChange={(m) => onConfig(switchModel(config, m))} />
          {config.model === 'plus' && (
            <div className="plus-switches" role="group" aria-label="AutoRec+ switches">
              <Slider label="Kernel dimensions" value={config.kernelDim} min={0} max={10} step={1} format={(v) => (v === 0 ? 'off' : String(v))} tag={tag('kernelDim')} help={KERNEL_HELP} onChange={set('kernelDim')} />
              <Slider label="Kernel penalty λs" value={Math.max(config.kernelL2, 1e-5)} min={1e-5} max={1} step={0.1} scale="log" format={sci} tag={tag('kernelL2')} disabled={config.kernelDim === 0} onChange={set('kernelL2')} />
              <Slider
                label="Global-kernel epochs"
                value={config.globalEpochs}
                min={0}
                max={config.epochs === 0 ? 100 : Math.min(100, config.epochs - 1)}
                step={1}
                format={(v) => (v === 0 ? 'off' : `last ${v}`)}
                tag={tag('globalEpochs')}
                help={GLOBAL_HELP}
                onChange={set('globalEpochs')}
              />
              <Slider label="Ensemble members" value={config.members} min={1} max={5} step={1} format={(v) => (v === 1 ? 'off' : `${v} seeds`)} tag={tag('members')} help={MEMBERS_HELP} onChange={set('members')} />
              <p className="hint">Best accuracy: Tune → AutoRec+ blend.</p>
            </div>
          )}
          <Slider label="Extra hidden layers" value={config.extraLayers} min={0} max={3} step={1} tag={tag('extraLayers')} onChange={set('extraLayers')} />
          <Select label="Encoder activation" value={config.encoder} options={ACTIVATIONS} tag={tag('encoder')} onChange={set('encoder')} />
          <Select label="Decoder activation" value={config.decoder} options={ACTIVATIONS} tag={tag('decoder')} onChange={set('decoder')} />
          <Select label="Optimizer" value={config.optimizer} options={OPTIMIZERS} tag={tag('optimizer')} onChange={set('optimizer')} />
          <Select label="Batch size" value={config.batchSize} options={[32, 64, 128, 256, 512, 1024]} tag={tag('batchSize')} onChange={set('batchSize')} />
          <NumberField
            label="Epochs"
            value={config.epochs}
            min={0}
            max={EPOCHS_MAX}
            note={(v) => (v === 0 ? 'no cap: until stopped' : `stop after epoch ${v}`)}
            check={(v) => checkSetting('epochs', v)}
            tag={tag('epochs')}
            help={EPOCHS_HELP}
            settle={live}
            onChange={set('epochs')}
          />
          <Slider label="Weight averaging" value={config.average} min={0} max={0.95} step={0.05} format={(v) => (v === 0 ? 'off' : `a = ${v.toFixed(2)}`)} tag={tag('average')} help={AVERAGE_HELP} onChange={(v) => onConfig({ ...config, average: Number(v.toFixed(2)) })} />
          <Slider
            label="Validation share"
            value={config.validRatio}
            min={0}
            max={0.3}
            step={0.05}
            format={share}
            tag={tag('validRatio')}
            help={VALID_HELP}
            onChange={(v) => {
              const validRatio = Number(v.toFixed(2));
              onConfig(noPatienceWithoutValidation({ ...config, validRatio }));
            }}
          />
          <NumberField
            label="Patience"
            value={config.patience}
            min={0}
            max={PATIENCE_MAX}
            note={(v) => (v === 0 ? 'off' : `stop after ${v} epoch${v === 1 ? '' : 's'} without a better validation RMSE`)}
            check={(v) => checkSetting('patience', v)}
            disabled={config.validRatio === 0}
            disabledWhy={PATIENCE_OFF}
            title="Early stopping: end the run when validation RMSE has not improved for this many epochs (0 = off)."
            tag={tag('patience')}
            settle={live}
            onChange={set('patience')}
          />
          <NumberField
            label="Weights seed"
            value={config.seed}
            min={0}
            max={SEED_MAX}
            check={(v) => checkSetting('seed', v)}
            title="Seed of the initial weights, the batch order and dropout (the split has its own seed)."
            tag={tag('seed')}
            onChange={set('seed')}
          />
          <Select label="Backend" value={backend} options={BACKEND_CHOICES} tag={tag('backend')} onChange={onBackend} />
          <Select label="Compute" value={config.compute} options={COMPUTES} tag={tag('compute')} onChange={set('compute')} />
          <Select
            label="CPU threads"
            value={config.threads}
            options={threadChoices(config.threads)}
            format={(n) => (n === 0 ? `all cores (${CORES})` : String(n))}
            tag={tag('threads')}
            onChange={set('threads')}
          />
        </div>
      </details>
    </div>
  );
});
