#!/usr/bin/env python3
"""
Generates test/fixtures/onnx/: small ONNX models built with onnx.helper (a CNN, a transformer block
and one model per imported op) and test/fixtures/onnx/cases.json, the inputs each model is run on and
the outputs Python's ONNX Runtime computes for them. test/onnx/import*.test.ts reads only these files
(onnx and onnxruntime are not needed at test time). Re-run after changing a case (needs numpy, onnx,
onnxruntime):

    python3 scripts/gen-onnx-fixtures.py

cases.json is a list of { name, model, inputs, outputs }: model is the file name under
test/fixtures/onnx/; inputs and outputs are lists of { name, dtype, shape, data } (data flattened,
row-major; float32 values as the shortest decimal that reads back as the same float32,
scripts/fixture_encoding.py; int64 and bool as numbers and booleans).
"""
import json
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

from fixture_encoding import enc_value

OUT = Path(__file__).resolve().parent.parent / "test" / "fixtures" / "onnx"
rng = np.random.default_rng(14)
CASES = []
F = TensorProto.FLOAT
I64 = TensorProto.INT64



def enc_tensor(name, arr):
    arr = np.asarray(arr)
    dtype = {"f": f"float{arr.dtype.itemsize * 8}", "i": f"int{arr.dtype.itemsize * 8}", "u": f"uint{arr.dtype.itemsize * 8}", "b": "bool"}[arr.dtype.kind]
    return {"name": name, "dtype": dtype, "shape": list(arr.shape), "data": [enc_value(v, dtype) for v in arr.reshape(-1).tolist()]}


def randn(*shape, scale=1.0):
    return (rng.standard_normal(shape) * scale).astype(np.float32)


def init(name, arr):
    return numpy_helper.from_array(np.asarray(arr), name)


def save(name, nodes, inputs, outputs, initializers=(), opset=18):
    """Builds, checks and runs one model on `inputs` (a dict name -> array); records the case."""
    in_infos = [helper.make_tensor_value_info(k, helper.np_dtype_to_tensor_dtype(v.dtype), list(v.shape)) for k, v in inputs.items()]
    out_infos = [helper.make_tensor_value_info(o, TensorProto.UNDEFINED, None) for o in outputs]
    graph = helper.make_graph(nodes, name, in_infos, out_infos, initializer=list(initializers))
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)], producer_name="gen-onnx-fixtures")
    model.ir_version = 8
    # The outputs' types come from ONNX's own shape inference (each case names only its outputs),
    # their shapes from what ONNX Runtime computes (inference leaves a loop's scan outputs unshaped).
    inferred = onnx.shape_inference.infer_shapes(model, strict_mode=True)
    types = {v.name: v.type for v in list(inferred.graph.value_info) + list(inferred.graph.output)}
    for o in model.graph.output:
        o.type.CopyFrom(types[o.name])
    sess = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    results = sess.run(outputs, inputs)
    del model.graph.output[:]
    model.graph.output.extend(
        helper.make_tensor_value_info(o, helper.np_dtype_to_tensor_dtype(r.dtype), list(r.shape)) for o, r in zip(outputs, results))
    onnx.checker.check_model(model, full_check=True)
    (OUT / f"{name}.onnx").write_bytes(model.SerializeToString())
    CASES.append({
        "name": name,
        "model": f"{name}.onnx",
        "inputs": [enc_tensor(k, v) for k, v in inputs.items()],
        "outputs": [enc_tensor(o, r) for o, r in zip(outputs, results)],
    })


def single(name, op, inputs, attrs=None, initializers=(), n_out=1, opset=18, extra_inputs=()):
    """A model of one node `op` over the given inputs (and initializer names in extra_inputs)."""
    outs = [f"y{k}" for k in range(n_out)]
    node = helper.make_node(op, list(inputs.keys()) + list(extra_inputs), outs, name=f"{op.lower()}_node", **(attrs or {}))
    save(name, [node], inputs, outs, initializers, opset)


def cnn():
    """Conv(3x3, pad 1) + BatchNorm + Relu + MaxPool(2) + Flatten + Gemm + Softmax, on 1x2x6x6."""
    inits = [
        init("conv.W", randn(4, 2, 3, 3, scale=0.4)), init("conv.b", randn(4, scale=0.1)),
        init("bn.scale", (1 + 0.1 * randn(4)).astype(np.float32)), init("bn.bias", randn(4, scale=0.1)),
        init("bn.mean", randn(4, scale=0.1)), init("bn.var", (1 + 0.2 * np.abs(randn(4))).astype(np.float32)),
        init("fc.W", randn(3, 36, scale=0.2)), init("fc.b", randn(3, scale=0.1)),
    ]
    nodes = [
        helper.make_node("Conv", ["x", "conv.W", "conv.b"], ["c"], name="conv", kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("BatchNormalization", ["c", "bn.scale", "bn.bias", "bn.mean", "bn.var"], ["bn"], name="bn", epsilon=1e-5),
        helper.make_node("Relu", ["bn"], ["r"], name="relu"),
        helper.make_node("MaxPool", ["r"], ["p"], name="pool", kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node("Flatten", ["p"], ["f"], name="flatten", axis=1),
        helper.make_node("Gemm", ["f", "fc.W", "fc.b"], ["logits"], name="fc", transB=1),
        helper.make_node("Softmax", ["logits"], ["probs"], name="softmax", axis=-1),
    ]
    save("cnn", nodes, {"x": randn(1, 2, 6, 6)}, ["probs"], inits)


def transformer():
    """A pre-norm block on [batch 2, seq 4, model 8], 2 heads: LayerNorm, attention (MatMul,
    Softmax), residual Adds, an Erf-written GELU MLP; heads split with Shape-computed Reshapes."""
    d, h, hd, ff = 8, 2, 4, 16
    inits = [
        init("ln1.g", (1 + 0.1 * randn(d)).astype(np.float32)), init("ln1.b", randn(d, scale=0.1)),
        init("Wq", randn(d, d, scale=0.3)), init("Wk", randn(d, d, scale=0.3)), init("Wv", randn(d, d, scale=0.3)),
        init("Wo", randn(d, d, scale=0.3)),
        init("ln2.g", (1 + 0.1 * randn(d)).astype(np.float32)), init("ln2.b", randn(d, scale=0.1)),
        init("W1", randn(d, ff, scale=0.3)), init("b1", randn(ff, scale=0.1)),
        init("W2", randn(ff, d, scale=0.3)), init("b2", randn(d, scale=0.1)),
        init("heads", np.array([h, hd], dtype=np.int64)), init("minus1", np.array([-1], dtype=np.int64)),
        init("idx01", np.array([0, 1], dtype=np.int64)), init("scale", np.array(1 / np.sqrt(hd), dtype=np.float32)),
        init("sqrt2", np.array(np.sqrt(2), dtype=np.float32)), init("one", np.array(1, dtype=np.float32)),
        init("half", np.array(0.5, dtype=np.float32)),
    ]
    n = helper.make_node
    nodes = [
        n("LayerNormalization", ["x", "ln1.g", "ln1.b"], ["a"], name="ln1", axis=-1, epsilon=1e-5),
        n("Shape", ["x"], ["xs"], name="shape"),
        n("Gather", ["xs", "idx01"], ["bs"], name="batch_seq", axis=0),
        n("Concat", ["bs", "heads"], ["split_shape"], name="split_shape", axis=0),
        n("Concat", ["bs", "minus1"], ["merge_shape"], name="merge_shape", axis=0),
    ]
    for t, w in (("q", "Wq"), ("k", "Wk"), ("v", "Wv")):
        nodes += [
            n("MatMul", ["a", w], [f"{t}0"], name=f"proj_{t}"),
            n("Reshape", [f"{t}0", "split_shape"], [f"{t}1"], name=f"split_{t}"),
            n("Transpose", [f"{t}1"], [t], name=f"heads_{t}", perm=[0, 2, 1, 3] if t != "k" else [0, 2, 3, 1]),
        ]
    nodes += [
        n("MatMul", ["q", "k"], ["s0"], name="scores"),
        n("Mul", ["s0", "scale"], ["s"], name="scaled"),
        n("Softmax", ["s"], ["att"], name="attention", axis=-1),
        n("MatMul", ["att", "v"], ["o0"], name="weighted"),
        n("Transpose", ["o0"], ["o1"], name="merge_t", perm=[0, 2, 1, 3]),
        n("Reshape", ["o1", "merge_shape"], ["o2"], name="merge"),
        n("MatMul", ["o2", "Wo"], ["o"], name="proj_o"),
        n("Add", ["x", "o"], ["r1"], name="residual1"),
        n("LayerNormalization", ["r1", "ln2.g", "ln2.b"], ["m"], name="ln2", axis=-1, epsilon=1e-5),
        n("MatMul", ["m", "W1"], ["h0"], name="fc1"),
        n("Add", ["h0", "b1"], ["h1"], name="fc1_bias"),
        n("Div", ["h1", "sqrt2"], ["g0"], name="gelu_div"),
        n("Erf", ["g0"], ["g1"], name="gelu_erf"),
        n("Add", ["g1", "one"], ["g2"], name="gelu_add"),
        n("Mul", ["h1", "g2"], ["g3"], name="gelu_mul"),
        n("Mul", ["g3", "half"], ["g"], name="gelu_half"),
        n("MatMul", ["g", "W2"], ["f0"], name="fc2"),
        n("Add", ["f0", "b2"], ["f1"], name="fc2_bias"),
        n("Add", ["r1", "f1"], ["y"], name="residual2"),
    ]
    save("transformer", nodes, {"x": randn(2, 4, d)}, ["y"], inits)


def ops():
    x = randn(2, 3, 4)
    pos = (np.abs(randn(2, 3, 4)) + 0.1).astype(np.float32)
    for op, attrs in [("Neg", {}), ("Abs", {}), ("Exp", {}), ("Tanh", {}), ("Sigmoid", {}), ("Relu", {}),
                      ("LeakyRelu", {"alpha": 0.1}), ("Elu", {"alpha": 0.7}), ("Selu", {}), ("Erf", {}),
                      ("Sin", {}), ("Cos", {}), ("Floor", {}), ("Ceil", {}), ("Softplus", {}),
                      ("HardSigmoid", {}), ("Identity", {}), ("Sign", {})]:
        single(f"op_{op}", op, {"x": x * 2}, attrs)
    single("op_Round", "Round", {"x": np.array([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 0.4, -0.6], dtype=np.float32)})
    for op in ("Log", "Sqrt", "Reciprocal"):
        single(f"op_{op}", op, {"x": pos})
    single("op_Gelu", "Gelu", {"x": x * 2}, opset=20)
    single("op_Gelu_tanh", "Gelu", {"x": x * 2}, {"approximate": "tanh"}, opset=20)
    b = randn(3, 1)
    for op in ("Add", "Sub", "Mul", "Div", "Min", "Max"):
        single(f"op_{op}", op, {"a": x, "b": b})
    single("op_Pow", "Pow", {"a": pos, "b": randn(4)})
    single("op_Sum", "Sum", {"a": x, "b": b, "c": randn(4)})
    single("op_Mean", "Mean", {"a": x, "b": b, "c": randn(4)})
    single("op_Clip", "Clip", {"x": x}, initializers=[init("lo", np.array(-0.5, np.float32)), init("hi", np.array(0.7, np.float32))], extra_inputs=["lo", "hi"])
    single("op_Dropout", "Dropout", {"x": x})
    n = helper.make_node
    save("op_logic", [
        n("Less", ["a", "b"], ["lt"], name="lt"), n("Greater", ["a", "c"], ["gt"], name="gt"),
        n("Not", ["gt"], ["ngt"], name="not"), n("And", ["lt", "ngt"], ["both"], name="and"),
        n("Equal", ["a", "a"], ["eq"], name="eq"), n("Or", ["both", "eq"], ["any"], name="or"),
        n("LessOrEqual", ["a", "b"], ["le"], name="le"), n("GreaterOrEqual", ["a", "b"], ["ge"], name="ge"),
        n("Where", ["both", "a", "b"], ["w"], name="where"),
    ], {"a": x, "b": b, "c": randn(4)}, ["w", "both", "any", "le", "ge"])
    save("op_Cast", [n("Cast", ["x"], ["i"], name="to_int", to=TensorProto.INT32),
                     n("Cast", ["i"], ["y"], name="to_float", to=TensorProto.FLOAT)], {"x": x * 3}, ["i", "y"])
    single("op_MatMul", "MatMul", {"a": randn(2, 3, 4), "b": randn(4, 5)})
    single("op_MatMul_vec", "MatMul", {"a": randn(4), "b": randn(2, 4, 3)})
    single("op_Gemm", "Gemm", {"a": randn(4, 3), "b": randn(5, 4), "c": randn(5)}, {"alpha": 0.5, "beta": 2.0, "transA": 1, "transB": 1})
    single("op_Einsum", "Einsum", {"a": randn(2, 3, 4), "b": randn(2, 4, 5)}, {"equation": "bij,bjk->bik"})
    single("op_Einsum_trace", "Einsum", {"a": randn(3, 3)}, {"equation": "ii"})
    single("op_Softmax", "Softmax", {"x": x}, {"axis": 1})
    single("op_LogSoftmax", "LogSoftmax", {"x": x}, {"axis": -1})
    ax = init("axes", np.array([0, 2], np.int64))
    for op in ("ReduceSum", "ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL2", "ReduceLogSumExp", "ReduceL1", "ReduceSumSquare"):
        single(f"op_{op}", op, {"x": x}, {"keepdims": 0}, initializers=[ax], extra_inputs=["axes"])
    single("op_ReduceMean_keep_all", "ReduceMean", {"x": x}, {"keepdims": 1})
    single("op_ReduceSum_noop", "ReduceSum", {"x": x}, {"noop_with_empty_axes": 1})
    single("op_ReduceMax_attr13", "ReduceMax", {"x": x}, {"axes": [1], "keepdims": 1}, opset=13)
    single("op_ArgMax", "ArgMax", {"x": x}, {"axis": 1, "keepdims": 0})
    single("op_ArgMin", "ArgMin", {"x": x}, {"axis": -1, "keepdims": 1})
    single("op_Reshape", "Reshape", {"x": x}, initializers=[init("s", np.array([0, -1, 2], np.int64))], extra_inputs=["s"])
    single("op_Flatten", "Flatten", {"x": x}, {"axis": 2})
    single("op_Transpose", "Transpose", {"x": x}, {"perm": [2, 0, 1]})
    single("op_Squeeze", "Squeeze", {"x": randn(2, 1, 3, 1)}, initializers=[init("axes", np.array([-1], np.int64))], extra_inputs=["axes"])
    single("op_Unsqueeze", "Unsqueeze", {"x": x}, initializers=[init("axes", np.array([0, -1], np.int64))], extra_inputs=["axes"])
    single("op_Concat", "Concat", {"a": x, "b": randn(2, 1, 4)}, {"axis": -2})
    single("op_Split", "Split", {"x": x}, initializers=[init("split", np.array([1, 3], np.int64))], extra_inputs=["split"], n_out=2, attrs={"axis": 2})
    single("op_Split_equal", "Split", {"x": randn(2, 6)}, {"axis": 1, "num_outputs": 3}, n_out=3)
    single("op_Slice", "Slice", {"x": randn(5, 6)}, initializers=[
        init("st", np.array([4, 1], np.int64)), init("en", np.array([-100, 2**62], np.int64)),
        init("ax", np.array([0, 1], np.int64)), init("sp", np.array([-2, 2], np.int64))], extra_inputs=["st", "en", "ax", "sp"])
    single("op_Gather", "Gather", {"x": x}, {"axis": 1}, initializers=[init("i", np.array([[2, -1], [0, 1]], np.int64))], extra_inputs=["i"])
    single("op_GatherElements", "GatherElements", {"x": randn(3, 4)}, {"axis": 1}, initializers=[init("i", np.array([[0, 3], [1, 1], [-1, 2]], np.int64))], extra_inputs=["i"])
    single("op_Expand", "Expand", {"x": randn(3, 1)}, initializers=[init("s", np.array([2, 1, 4], np.int64))], extra_inputs=["s"])
    single("op_Tile", "Tile", {"x": randn(2, 3)}, initializers=[init("r", np.array([2, 3], np.int64))], extra_inputs=["r"])
    pads = init("p", np.array([1, 0, 2, 1], np.int64))
    single("op_Pad", "Pad", {"x": randn(3, 4)}, initializers=[pads, init("v", np.array(1.5, np.float32))], extra_inputs=["p", "v"])
    single("op_Pad_reflect", "Pad", {"x": randn(3, 4)}, {"mode": "reflect"}, initializers=[pads], extra_inputs=["p"])
    single("op_Pad_edge", "Pad", {"x": randn(3, 4)}, {"mode": "edge"}, initializers=[pads], extra_inputs=["p"])
    save("op_shape_chain", [
        n("Shape", ["x"], ["s"], name="shape"),
        n("ConstantOfShape", ["s"], ["z"], name="zeros", value=helper.make_tensor("v", F, [1], [0.25])),
        n("Add", ["x", "z"], ["xz"], name="add"),
        n("Constant", [], ["zero"], name="c0", value=helper.make_tensor("c", I64, [1], [0])),
        n("Gather", ["s", "zero"], ["b"], name="batch"),
        n("Constant", [], ["m1"], name="c1", value_ints=[-1]),
        n("Concat", ["b", "m1"], ["s2"], name="flat_shape", axis=0),
        n("Reshape", ["xz", "s2"], ["y"], name="flatten"),
        n("Shape", ["x"], ["last"], name="last_dim", start=-1),
        n("Cast", ["last"], ["lastf"], name="cast", to=F),
    ], {"x": x}, ["y", "s", "lastf"])
    save("op_Range", [n("Range", ["st", "lim", "d"], ["y"], name="range")], {},
         ["y"], [init("st", np.array(1, np.int64)), init("lim", np.array(10, np.int64)), init("d", np.array(3, np.int64))])
    save("op_Range_float", [n("Range", ["st", "lim", "d"], ["y"], name="range")], {},
         ["y"], [init("st", np.array(0.5, np.float32)), init("lim", np.array(-1, np.float32)), init("d", np.array(-0.25, np.float32))])
    single("op_CumSum", "CumSum", {"x": x}, initializers=[init("ax", np.array(1, np.int64))], extra_inputs=["ax"])
    single("op_CumSum_rev_excl", "CumSum", {"x": x}, {"exclusive": 1, "reverse": 1}, initializers=[init("ax", np.array(-1, np.int64))], extra_inputs=["ax"])
    single("op_TopK", "TopK", {"x": x}, {"axis": 1}, initializers=[init("k", np.array([2], np.int64))], extra_inputs=["k"], n_out=2)
    single("op_TopK_smallest", "TopK", {"x": x}, {"largest": 0}, initializers=[init("k", np.array([3], np.int64))], extra_inputs=["k"], n_out=2)
    single("op_BatchNormalization", "BatchNormalization", {"x": randn(2, 3, 4)}, {"epsilon": 1e-3}, initializers=[
        init("s", randn(3)), init("b", randn(3)), init("m", randn(3)), init("v", (np.abs(randn(3)) + 0.5).astype(np.float32))],
        extra_inputs=["s", "b", "m", "v"])
    single("op_LayerNormalization", "LayerNormalization", {"x": x}, {"axis": 1}, initializers=[init("g", randn(3, 4)), init("b", randn(3, 4))], extra_inputs=["g", "b"])
    w = init("W", randn(4, 1, 3, 2, scale=0.5))
    single("op_Conv_group", "Conv", {"x": randn(1, 2, 7, 6)}, {"group": 2, "strides": [2, 1], "pads": [1, 0, 1, 1], "dilations": [1, 2]},
           initializers=[w, init("B", randn(4))], extra_inputs=["W", "B"])
    single("op_Conv_same", "Conv", {"x": randn(2, 1, 5, 5)}, {"auto_pad": "SAME_UPPER", "strides": [2, 2]},
           initializers=[init("W", randn(3, 1, 2, 2))], extra_inputs=["W"])
    single("op_Conv1d", "Conv", {"x": randn(1, 2, 8)}, {"pads": [2, 1]}, initializers=[init("W", randn(3, 2, 3))], extra_inputs=["W"])
    single("op_ConvTranspose", "ConvTranspose", {"x": randn(1, 2, 3, 4)}, {"strides": [2, 2], "pads": [0, 1, 1, 0], "output_padding": [1, 1]},
           initializers=[init("W", randn(2, 3, 3, 2)), init("B", randn(3))], extra_inputs=["W", "B"])
    single("op_ConvTranspose_group", "ConvTranspose", {"x": randn(1, 4, 3)}, {"group": 2, "strides": [3], "dilations": [2]},
           initializers=[init("W", randn(4, 1, 2))], extra_inputs=["W"])
    single("op_MaxPool", "MaxPool", {"x": randn(1, 2, 5, 6)}, {"kernel_shape": [3, 2], "strides": [2, 2], "pads": [1, 0, 1, 1]})
    single("op_MaxPool_ceil", "MaxPool", {"x": randn(1, 1, 5, 5)}, {"kernel_shape": [2, 2], "strides": [2, 2], "ceil_mode": 1})
    single("op_AveragePool", "AveragePool", {"x": randn(1, 2, 5, 6)}, {"kernel_shape": [3, 3], "strides": [2, 2], "pads": [1, 1, 1, 1]})
    single("op_AveragePool_incl", "AveragePool", {"x": randn(1, 2, 5, 6)}, {"kernel_shape": [3, 3], "pads": [1, 1, 1, 1], "count_include_pad": 1})
    single("op_GlobalAveragePool", "GlobalAveragePool", {"x": randn(2, 3, 4, 5)})
    single("op_GlobalMaxPool", "GlobalMaxPool", {"x": randn(2, 3, 4, 5)})
    sc = init("scales", np.array([1, 1, 2, 1.5], np.float32))
    single("op_Resize_nearest", "Resize", {"x": randn(1, 2, 3, 4)}, {"mode": "nearest"}, initializers=[sc], extra_inputs=["", "scales"])
    single("op_Resize_linear", "Resize", {"x": randn(1, 2, 3, 4)}, {"mode": "linear"}, initializers=[sc], extra_inputs=["", "scales"])
    single("op_Resize_linear_align", "Resize", {"x": randn(1, 1, 3, 4)}, {"mode": "linear", "coordinate_transformation_mode": "align_corners"},
           initializers=[init("sizes", np.array([1, 1, 5, 7], np.int64))], extra_inputs=["", "", "sizes"])
    single("op_Resize_nearest_asym", "Resize", {"x": randn(1, 1, 4, 4)}, {"mode": "nearest", "coordinate_transformation_mode": "asymmetric", "nearest_mode": "floor"},
           initializers=[init("sizes", np.array([1, 1, 3, 6], np.int64))], extra_inputs=["", "", "sizes"])


def control():
    """If (on a bool input), Loop (a trip count with a carried value and a scan output) and Scan
    (a running sum over axis 1, one input read backwards)."""
    n = helper.make_node
    x = randn(3, 4)
    then_g = helper.make_graph([n("Mul", ["x", "two"], ["t"], name="double")], "then", [], [helper.make_tensor_value_info("t", F, [3, 4])])
    else_g = helper.make_graph([n("Neg", ["x"], ["e"], name="negate")], "else", [], [helper.make_tensor_value_info("e", F, [3, 4])])
    for flag in (True, False):
        save(f"op_If_{str(flag).lower()}", [n("If", ["c"], ["y"], name="branch", then_branch=then_g, else_branch=else_g)],
             {"c": np.array(flag), "x": x}, ["y"], [init("two", np.array(2, np.float32))])
    body = helper.make_graph(
        [n("Mul", ["v_in", "x"], ["prod"], name="times_x"), n("Add", ["prod", "one"], ["v_out"], name="plus_one"),
         n("Identity", ["c_in"], ["c_out"], name="keep_going"), n("ReduceSum", ["v_out"], ["s_out"], name="total", keepdims=0)],
        "body",
        [helper.make_tensor_value_info("i", I64, []), helper.make_tensor_value_info("c_in", TensorProto.BOOL, []),
         helper.make_tensor_value_info("v_in", F, [3, 4])],
        [helper.make_tensor_value_info("c_out", TensorProto.BOOL, []), helper.make_tensor_value_info("v_out", F, [3, 4]),
         helper.make_tensor_value_info("s_out", F, [])])
    save("op_Loop", [n("Loop", ["M", "cond", "v0"], ["v", "sums"], name="loop", body=body)], {"x": x * 0.5, "v0": randn(3, 4)}, ["v", "sums"],
         [init("M", np.array(3, np.int64)), init("cond", np.array(True)), init("one", np.array(1, np.float32))])
    sbody = helper.make_graph(
        [n("Add", ["acc_in", "a"], ["acc_out"], name="accumulate"), n("Mul", ["acc_out", "b"], ["y"], name="weigh")],
        "scan_body",
        [helper.make_tensor_value_info("acc_in", F, [3]), helper.make_tensor_value_info("a", F, [3]), helper.make_tensor_value_info("b", F, [3])],
        [helper.make_tensor_value_info("acc_out", F, [3]), helper.make_tensor_value_info("y", F, [3])])
    save("op_Scan", [n("Scan", ["acc0", "a", "b"], ["acc", "ys"], name="scan", body=sbody, num_scan_inputs=2,
                      scan_input_axes=[1, 1], scan_input_directions=[0, 1], scan_output_axes=[1])],
         {"acc0": randn(3), "a": randn(3, 5), "b": randn(3, 5)}, ["acc", "ys"])


def extra():
    """The less common ops: more activations and math, bitwise, normalizations, indexing, layout."""
    x = randn(2, 3, 4)
    unit = (rng.uniform(-0.9, 0.9, (2, 3, 4))).astype(np.float32)
    for op, attrs, arr in [("Tan", {}, unit), ("Asin", {}, unit), ("Acos", {}, unit), ("Atan", {}, x), ("Sinh", {}, x), ("Cosh", {}, x),
                           ("Asinh", {}, x), ("Atanh", {}, unit), ("Acosh", {}, (np.abs(x) + 1).astype(np.float32)),
                           ("Softsign", {}, x), ("HardSwish", {}, x * 3), ("Celu", {"alpha": 0.8}, x), ("Mish", {}, x),
                           ("ThresholdedRelu", {"alpha": 0.3}, x), ("Shrink", {"lambd": 0.4, "bias": 0.1}, x),
                           ("LpNormalization", {"axis": 1, "p": 2}, x), ("LpNormalization_p1", {"axis": -1, "p": 1}, x),
                           ("MeanVarianceNormalization", {"axes": [0, 2]}, x)]:
        single(f"op_{op}", op.split("_")[0], {"x": arr}, attrs)
    single("op_PRelu", "PRelu", {"x": x}, initializers=[init("slope", randn(3, 1))], extra_inputs=["slope"])
    single("op_Mod", "Mod", {"a": x * 3, "b": np.array([1.5, -2, 2.5, -0.7], np.float32)}, {"fmod": 1})
    ia = rng.integers(-50, 50, (3, 4)).astype(np.int32)
    ib = rng.integers(1, 7, (3, 4)).astype(np.int32)
    single("op_Mod_int", "Mod", {"a": ia, "b": ib})
    for op in ("BitwiseAnd", "BitwiseOr", "BitwiseXor"):
        single(f"op_{op}", op, {"a": ia, "b": ib})
    single("op_BitwiseNot", "BitwiseNot", {"a": ia})
    ua = rng.integers(0, 1000, (5,)).astype(np.uint32)
    single("op_BitShift", "BitShift", {"a": ua, "b": np.array([1, 2, 3, 0, 4], np.uint32)}, {"direction": "LEFT"})
    single("op_Xor", "Xor", {"a": x > 0, "b": x < 0.5})
    single("op_IsNaN", "IsNaN", {"x": np.array([1, np.nan, np.inf, -np.inf], np.float32)})
    single("op_IsInf", "IsInf", {"x": np.array([1, np.nan, np.inf, -np.inf], np.float32)}, {"detect_negative": 0})
    single("op_ReduceLogSum", "ReduceLogSum", {"x": np.abs(x) + 0.1}, {"keepdims": 0}, initializers=[init("axes", np.array([1], np.int64))], extra_inputs=["axes"])
    single("op_Trilu", "Trilu", {"x": randn(2, 4, 5)}, initializers=[init("k", np.array(1, np.int64))], extra_inputs=["k"])
    single("op_Trilu_lower", "Trilu", {"x": randn(4, 5)}, {"upper": 0})
    single("op_EyeLike", "EyeLike", {"x": randn(3, 5)}, {"k": -1})
    single("op_Det", "Det", {"x": randn(2, 3, 3)})
    single("op_GatherND", "GatherND", {"x": randn(3, 4, 2)}, initializers=[init("i", np.array([[[0, 1]], [[2, -1]]], np.int64))], extra_inputs=["i"])
    scatter = [("op_ScatterND", "ScatterND", {}, (4, 3), (2, 3), [[3], [1]]),
               ("op_ScatterND_add", "ScatterND", {"reduction": "add"}, (4, 3), (3,), [[0, 1], [2, 2], [0, 1]]),
               ("op_ScatterElements", "ScatterElements", {"axis": 0}, (3, 4), (2, 4), [[2, 0, 1, -1], [0, 1, 2, 0]])]
    for name, op, attrs, xs, us, idx in scatter:
        save(name, [helper.make_node(op, ["x", "i", "u"], ["y0"], name=f"{op.lower()}_node", **attrs)],
             {"x": randn(*xs), "u": randn(*us)}, ["y0"], [init("i", np.array(idx, np.int64))])
    single("op_DepthToSpace", "DepthToSpace", {"x": randn(1, 8, 2, 3)}, {"blocksize": 2})
    single("op_DepthToSpace_crd", "DepthToSpace", {"x": randn(1, 8, 2, 3)}, {"blocksize": 2, "mode": "CRD"})
    single("op_SpaceToDepth", "SpaceToDepth", {"x": randn(1, 2, 4, 6)}, {"blocksize": 2})
    single("op_InstanceNormalization", "InstanceNormalization", {"x": randn(2, 3, 4, 5)}, initializers=[init("s", randn(3)), init("b", randn(3))], extra_inputs=["s", "b"])
    single("op_OneHot", "OneHot", {"i": np.array([[0, 2], [-1, 1]], np.int64)}, {"axis": 1},
           initializers=[init("depth", np.array(3, np.int64)), init("v", np.array([-1, 5], np.float32))], extra_inputs=["depth", "v"])
    single("op_Size", "Size", {"x": x})
    single("op_Hardmax", "Hardmax", {"x": np.array([[1, 3, 3, 0], [2, -1, 0, 2]], np.float32)}, {"axis": 1})
    single("op_LRN", "LRN", {"x": randn(2, 5, 3, 3)}, {"size": 3, "alpha": 0.01, "beta": 0.6, "bias": 1.5})
    single("op_CastLike", "CastLike", {"x": x * 3, "like": np.array([1], np.int32)})


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    cnn()
    transformer()
    ops()
    control()
    extra()
    (OUT / "cases.json").write_text(json.dumps(CASES, separators=(",", ":")) + "\n")
    print(f"wrote {len(CASES)} cases to {OUT}")


if __name__ == "__main__":
    main()
