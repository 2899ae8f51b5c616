import { useEffect, useMemo, useRef, useState } from 'react';
import { cannotTune, DEFAULT_TUNE, validateTune, type TuneOptions } from '../../../config/tune-options';
import { RECIPES } from '../../../config/tune-recipe';
import { parseSpace, type SpaceJson, type Tunable } from '../../../config/tune-space';
import type { TrainConfig } from '../../../worker/messages';
import { draftOf, spaceOf, type DimDraft } from './space-draft';

/** The budget's fields as typed (refit and fitBlend: '1' or '0'). */
export type BudgetDraft = Record<keyof TuneOptions, string>;

/**
 * The search form: the plan (the space, or a recipe), the space editor's rows, the budget, and what is wrong
 * with them. A valid space goes to the URL (App, through `onSpace`); one from the URL fills the editor.
 */
export function useTuneForm(config: TrainConfig, space: SpaceJson, onSpace: (s: SpaceJson) => void) {
  const [draft, setDraft] = useState(() => draftOf(space, config));
  const [budget, setBudget] = useState<BudgetDraft>(() => ({ ...Object.fromEntries(Object.entries(DEFAULT_TUNE).map(([k, v]) => [k, String(v)])), minutes: '5' }) as BudgetDraft);
  /** 'search' (the space), or a recipe's key: its members trained one after another instead. */
  const [plan, setPlan] = useState<string>('search');
  const recipe = plan === 'search' ? undefined : RECIPES[plan];
  const recipeMembers = useMemo((): { ok: true; value?: TrainConfig[] } | { ok: false; error: string } => {
    try {
      return { ok: true, value: recipe?.members(config) };
    } catch (e) {
      return { ok: false, error: e instanceof Error ? e.message : String(e) };
    }
  }, [recipe, config]);
  const members = recipeMembers.ok ? recipeMembers.value : undefined;
  const checkedSpace = useMemo(() => parseSpace(spaceOf(draft)), [draft]);
  // a recipe's budget is its members
  const checkedBudget = useMemo(() => validateTune(recipe ? { ...budget, minutes: 0, trials: members?.length } : budget), [budget, recipe, members]);
  const errors = [...(checkedSpace.ok || recipe ? [] : checkedSpace.errors), ...(checkedBudget.ok ? [] : checkedBudget.errors)];
  if (!recipe && errors.length === 0 && Object.keys(spaceOf(draft)).length === 0) errors.push('tick at least one setting to search');
  if (!recipeMembers.ok) errors.push(recipeMembers.error);
  const noTuning = cannotTune(config);
  if (noTuning) errors.push(noTuning);

  const spaceKey = JSON.stringify(space);
  const sent = useRef(spaceKey);
  useEffect(() => {
    if (spaceKey !== sent.current) setDraft(draftOf(JSON.parse(spaceKey) as SpaceJson, config));
    sent.current = spaceKey;
  }, [spaceKey]);
  const edit = (k: Tunable, patch: Partial<DimDraft>) => {
    const next = { ...draft, [k]: { ...draft[k], ...patch } };
    setDraft(next);
    const json = spaceOf(next);
    if (parseSpace(json).ok) {
      sent.current = JSON.stringify(json);
      onSpace(json);
    }
  };

  return { draft, edit, budget, setBudget, plan, setPlan, recipe, members, checkedBudget, errors };
}
