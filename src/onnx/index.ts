/**
 * The `onnx` namespace: `exportGraph` (a graph as an ONNX model), `importModel` (an ONNX model as
 * a fluxion function), `compile` (ONNX Runtime as an engine, like `jit`), and the errors they raise.
 *
 * @module
 */
export { exportGraph, type ExportOptions, DEFAULT_OPSET } from "./export.js";
export { compile, type CompileOptions } from "./compile.js";
export { OnnxExportError } from "./emitter.js";
export { OnnxRuntimeError, OnnxRuntimeMissingError } from "./runtime.js";
export { importModel, type ImportedModel, IMPORTED_OPS } from "./import/import.js";
export { OnnxImportError } from "./import/model.js";
