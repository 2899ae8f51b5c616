import { FOLDS } from '../../../config/tune-results';

/** The tooltip of "Weight the models by a fit on validation". */
export const FIT_HELP = `Besides plain averages of the best models, a blend with weights (and an offset) fitted by least squares on the validation ratings; it is chosen only when its ${FOLDS}-fold cross-validated validation RMSE is lower. It corrects models that shrink their predictions towards the mean. With refit, the weights fitted for the kept models are applied to the refit ones.`;
/** The tooltip of "Refit the chosen models". */
export const REFIT_HELP =
  'After choosing on validation, each chosen model is trained again from its seed on the training and validation ratings together, for as many epochs as it kept, and those models are tested: more data for the final models, the choice still made on validation.';
