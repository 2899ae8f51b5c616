/** The help texts of the model settings (behind each one's "?"), and why Patience is off. */

export const L2_HELP =
  "λ is added to each step's gradient of the batch's summed squared error, so per epoch it acts once per batch: λ × batches per epoch ≈ the paper's full-batch λ.";
export const KERNEL_HELP = 'Each weight becomes W ⊙ max(0, 1 − ‖u_i − v_j‖²) with a learned vector per unit: the network learns which connections to keep. Off: plain weights.';
export const GLOBAL_HELP =
  "GLocal-K's fine-tuning: from the best pre-training epoch, the network reads the rating matrix convolved with a 3 × 3 kernel built from its item-averaged output. Kept only if validation RMSE improves.";
export const MEMBERS_HELP = 'Networks from different seeds trained side by side on the same batches, their predictions averaged (each one costs a network’s time).';
export const AVERAGE_HELP =
  'After each epoch the evaluated weights move toward the current ones: A ← a·A + (1 − a)·W. Averaging the last few epochs smooths the noise of the steps; validation, the kept epoch and recommendations use A. For long runs with early stopping: in a short run A lags behind W. Off: the current weights.';
export const PATIENCE_OFF = 'Early stopping watches validation RMSE: set a validation share above 0 to use it.';
export const VARIANT_HELP = 'I-AutoRec reads one row per item (its ratings by every user) and fills in the missing ones; U-AutoRec one row per user.';
export const HIDDEN_HELP = 'The width of the code each row is squeezed through: more units fit more, and overfit sooner.';
export const LR_HELP = "How far each step moves the weights. Too high and the loss jumps about; too low and it crawls.";
export const DROPOUT_HELP = 'The share of inputs zeroed at random in each training step, so the network cannot lean on any one rating.';
export const VALID_HELP = 'Of the training ratings, held out to pick the kept epoch and to stop early; the test set is never used for that.';
export const EPOCHS_HELP = 'The run ends after this epoch; 0 = no cap: it trains until you stop it, or until validation stops improving for the patience.';
