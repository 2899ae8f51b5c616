import type { Command } from '../command';

/** `npm run export` (scripts/export.ts). */
export const EXPORT: Command = {
  name: 'export',
  about:
    "A saved model file as a standard TensorFlow.js LayersModel: model.json and weights.bin (tf.loadLayersModel reads them; tensorflowjs_converter --input_format=tfjs_layers_model --output_format=keras makes a Keras .h5 of them) and autorec.json (what a row in and out is, the raw ids in column order, the rating range). The same files as the app's \"Export as TensorFlow.js model\" (docs/model-file.md#tensorflowjs-export).",
  usage: ['<model.zip> [--out <folder> | --out <file.zip>] [--backend wasm|cpu] [--json]'],
  flags: [
    { name: 'out', value: '<folder or .zip>', help: 'where the files go: a .zip, or a folder made if missing (default: <model>-tfjs.zip beside the model file)' },
    { name: 'backend', value: 'wasm|cpu', help: 'the tfjs backend (default wasm)' },
    { name: 'json', help: 'JSON instead of text' },
  ],
  notes: ['A model that is not one stack of dense layers (an AutoRec+ ensemble, or one kept in its global-kernel stage) is refused with the reason, status 2.'],
};
