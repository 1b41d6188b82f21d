// A DepthNet's network as a TF.js layers model (model.json + weights.bin): the shared saver and loader
// of every model family (src-main/ml/training/layers-io.ts).
export { loadLayersModel, saveLayersModel } from '../ml/training/layers-io.ts';
