import { TUNE_RULES } from '../../../config/tune-options';
import type { BudgetDraft } from './use-tune-form';

interface BudgetFieldsProps {
  busy: boolean;
  /** A recipe's budget is its members: only their epochs are asked for. */
  recipe: boolean;
  budget: BudgetDraft;
  onBudget: (b: BudgetDraft) => void;
}

/** The search's budget: time, trials, epochs per trial and patience, whichever comes first. */
export function BudgetFields({ busy, recipe, budget, onBudget }: BudgetFieldsProps) {
  return (
    <fieldset className="tune-budget" disabled={busy}>
      <legend>{recipe ? 'Budget (each member also stops early on validation)' : 'Budget (whichever comes first; 0 = no limit)'}</legend>
      {(recipe ? (['maxEpochs'] as const) : (['minutes', 'trials', 'maxEpochs', 'patience'] as const)).map((k) => (
        <label key={k}>
          {TUNE_RULES[k].label}
          <input type="number" min={TUNE_RULES[k].rule.min} max={TUNE_RULES[k].rule.max} step={TUNE_RULES[k].rule.kind === 'int' ? 1 : 'any'} value={budget[k]} onChange={(e) => onBudget({ ...budget, [k]: e.target.value })} />
        </label>
      ))}
    </fieldset>
  );
}
