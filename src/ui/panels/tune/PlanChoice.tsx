import { RECIPES, type Recipe } from '../../../config/tune-recipe';
import type { TrainConfig } from '../../../worker/messages';
import { FIT_HELP, REFIT_HELP } from './help';
import type { BudgetDraft } from './use-tune-form';

interface PlanChoiceProps {
  busy: boolean;
  /** 'search', or a recipe's key. */
  plan: string;
  onPlan: (plan: string) => void;
  /** The chosen recipe and its members (from the settings), if a recipe is chosen. */
  recipe?: Recipe;
  members?: readonly TrainConfig[];
  budget: BudgetDraft;
  onBudget: (b: BudgetDraft) => void;
}

/** What a search trains: the space below or a recipe, and whether the chosen models are refit and weighted by a fit. */
export function PlanChoice({ busy, plan, onPlan, recipe, members, budget, onBudget }: PlanChoiceProps) {
  return (
    <fieldset className="tune-plan" disabled={busy}>
      <legend>Plan</legend>
      <label>
        <input type="radio" name="tune-plan" checked={plan === 'search'} onChange={() => onPlan('search')} />
        Search the space below
      </label>
      {Object.values(RECIPES).map((r) => (
        <label key={r.key} title={r.description}>
          <input
            type="radio"
            name="tune-plan"
            checked={plan === r.key}
            onChange={() => {
              onPlan(r.key);
              onBudget({ ...budget, refit: '1' }); // a blend is meant to be refit (untick to test the kept models)
            }}
          />
          {r.name}
        </label>
      ))}
      <label title={REFIT_HELP}>
        <input type="checkbox" checked={budget.refit === '1'} onChange={(e) => onBudget({ ...budget, refit: e.target.checked ? '1' : '0' })} />
        Refit the chosen models on training + validation before the test
      </label>
      <label title={FIT_HELP}>
        <input type="checkbox" checked={budget.fitBlend === '1'} onChange={(e) => onBudget({ ...budget, fitBlend: e.target.checked ? '1' : '0' })} />
        Weight the models by a fit on validation when cross-validation prefers it
      </label>
      {recipe && members && (
        <p className="hint" data-testid="recipe-text">
          {recipe.description} ({members.length} models; about as long as training each once{budget.refit === '1' ? ', then again for the refit' : ''}.)
        </p>
      )}
    </fieldset>
  );
}
