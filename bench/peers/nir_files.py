"""NIR files written with h5py in NIR's own layout, at several format versions, and NIR files read.

Written from NIR's serializer (neuromorphs/NIR: nir/write.py of 0.x, nir/serialization.py of 1.0.x)
without importing nir: a root `version` string dataset (absent in 0.1), a `node` group with the top
NIRGraph (`type`, `nodes/<name>/`, `edges` as an (E, 2) dataset of variable-length UTF-8 strings;
an empty edge list as float64 (0,)), one dataset per field, dicts as groups, optional `metadata`.

  python3 nir_files.py write <dir>   writes the files and <dir>/manifest.json (what each holds)
  python3 nir_files.py read <file>   prints the file as JSON: version, and every dataset by path
                                     (dtype, shape, compression, values), for field-by-field checks
"""
import json
import os
import sys

import h5py
import numpy as np

S = h5py.string_dtype()


def put(group, name, value, gzip):
    if isinstance(value, str):
        group.create_dataset(name, data=value, dtype=S)
    elif isinstance(value, dict):
        sub = group.create_group(name)
        for k, v in value.items():
            put(sub, k, v, gzip)
    elif isinstance(value, np.ndarray) and value.ndim > 0 and value.size > 0 and gzip:
        group.create_dataset(name, data=value, dtype=value.dtype, compression="gzip")
    else:
        group.create_dataset(name, data=value)


def edges_data(edges):
    if not edges:
        return np.zeros((0,), dtype=np.float64)
    return np.array(edges, dtype=object)


def write_graph(group, graph, gzip):
    group.create_dataset("type", data="NIRGraph", dtype=S)
    nodes = group.create_group("nodes")
    for name, node in graph["nodes"].items():
        sub = nodes.create_group(name)
        if node["type"] == "NIRGraph":
            write_graph(sub, node, gzip)
        else:
            for k, v in node.items():
                put(sub, k, v, gzip)
    e = edges_data(graph["edges"])
    if e.dtype == object:
        group.create_dataset("edges", data=e, dtype=S)
    else:
        group.create_dataset("edges", data=e)
    if graph.get("metadata"):
        put(group, "metadata", graph["metadata"], False)


def write(path, version, graph, gzip=False):
    with h5py.File(path, "w") as f:
        if version is not None:
            f.create_dataset("version", data=version, dtype=S)
        write_graph(f.create_group("node"), graph, gzip)


def f32(*a):
    return np.array(a, dtype=np.float32)


rng = np.random.default_rng(7)


def old_graph():
    """A 0.1 / 0.1.1 style graph: no v_reset, no w_in, Input/Output with `shape`."""
    return {
        "nodes": {
            "input": {"type": "Input", "shape": np.array([4])},
            "fc": {"type": "Affine", "weight": rng.normal(size=(3, 4)).astype(np.float32), "bias": f32(0.1, 0.0, -0.2)},
            "lif": {"type": "CubaLIF", "tau_mem": f32(0.02, 0.02, 0.02), "tau_syn": f32(0.005, 0.005, 0.005), "r": f32(1, 1, 1),
                    "v_leak": f32(0, 0, 0), "v_threshold": f32(1, 1, 1)},
            "fc2": {"type": "Linear", "weight": rng.normal(size=(2, 3)).astype(np.float32)},
            "out_lif": {"type": "LIF", "tau": f32(0.01, 0.01), "r": f32(1, 1), "v_leak": f32(0, 0), "v_threshold": f32(1, 1)},
            "output": {"type": "Output", "shape": np.array([2])},
        },
        "edges": [("input", "fc"), ("fc", "lif"), ("lif", "fc2"), ("fc2", "out_lif"), ("out_lif", "output")],
    }


def conv_graph():
    """A 0.2.0 convolutional graph as Sinabs writes it: Conv2d without input_shape, SumPool2d, Flatten with input_type."""
    return {
        "nodes": {
            "input": {"type": "Input", "shape": np.array([2, 6, 6])},
            "conv": {"type": "Conv2d", "weight": rng.normal(size=(3, 2, 3, 3)).astype(np.float32), "bias": f32(0, 0.1, 0),
                     "stride": np.array([1, 1]), "padding": np.array([1, 1]), "dilation": np.array([1, 1]), "groups": np.array(1)},
            "spk1": {"type": "IF", "r": np.ones((3, 6, 6), np.float32), "v_threshold": np.ones((3, 6, 6), np.float32)},
            "pool": {"type": "SumPool2d", "kernel_size": np.array([2, 2]), "stride": np.array([2, 2]), "padding": np.array([0, 0])},
            "flat": {"type": "Flatten", "start_dim": np.array(0), "end_dim": np.array(-1), "input_type": np.array([3, 3, 3])},
            "fc": {"type": "Affine", "weight": rng.normal(size=(4, 27)).astype(np.float32), "bias": np.zeros(4, np.float32)},
            "spk2": {"type": "LIF", "tau": np.full(4, 0.02, np.float32), "r": np.ones(4, np.float32), "v_leak": np.zeros(4, np.float32),
                     "v_threshold": np.ones(4, np.float32)},
            "output": {"type": "Output", "shape": np.array([4])},
            "empty": {"type": "NIRGraph", "nodes": {"i": {"type": "Input", "shape": np.array([1])}}, "edges": []},
        },
        "edges": [("input", "conv"), ("conv", "spk1"), ("spk1", "pool"), ("pool", "flat"), ("flat", "fc"), ("fc", "spk2"), ("spk2", "output")],
    }


def new_graph():
    """A 1.0.x graph: v_reset and w_in stored, input_type/output_type groups, metadata, 0-d parameters,
    node names that are numbers or hold dots, a recurrent cycle at the top and one inside a nested graph."""
    n = 3
    t = lambda shape: {"input": np.array(shape)}
    o = lambda shape: {"output": np.array(shape)}
    inner = {
        "type": "NIRGraph",
        "nodes": {
            "in": {"type": "Input", "shape": np.array([n]), "input_type": t([n]), "output_type": o([n]), "metadata": {}},
            "w": {"type": "Linear", "weight": rng.normal(size=(2, n)).astype(np.float32), "input_type": t([n]), "output_type": o([2])},
            "cell": {"type": "CubaLIF", "tau_mem": np.array(0.01), "tau_syn": np.array(0.002), "r": np.array(2.0), "v_leak": np.array(0.0),
                     "v_threshold": np.array(1.0), "v_reset": np.array(0.0), "w_in": np.array(1.0)},
            "self": {"type": "Linear", "weight": np.array([[0.0, -0.5], [-0.5, 0.0]], dtype=np.float32)},
            "out": {"type": "Output", "shape": np.array([2])},
        },
        "edges": [("in", "w"), ("w", "cell"), ("cell", "self"), ("self", "cell"), ("cell", "out")],
    }
    return {
        "nodes": {
            "input": {"type": "Input", "shape": np.array([4]), "input_type": t([4]), "output_type": o([4]), "metadata": {}},
            "0": {"type": "Affine", "weight": rng.normal(size=(n, 4)).astype(np.float32), "bias": np.zeros(n, np.float32)},
            "lif.a": {"type": "CubaLIF", "tau_mem": np.full(n, 0.02, np.float32), "tau_syn": np.full(n, 0.005, np.float32),
                      "r": np.ones(n, np.float32), "v_leak": np.zeros(n, np.float32), "v_threshold": np.ones(n, np.float32),
                      "v_reset": np.zeros(n, np.float32), "w_in": np.ones(n, np.float32), "input_type": t([n]), "output_type": o([n]),
                      "metadata": {"note": "from h5py"}},
            "rec": {"type": "Linear", "weight": (0.1 * rng.normal(size=(n, n))).astype(np.float32)},
            "scale": {"type": "Scale", "scale": f32(1.0, 2.0, 0.5)},
            "delay": {"type": "Delay", "delay": f32(0.002, 0.002, 0.001)},
            "sub": inner,
            "li": {"type": "LI", "tau": f32(0.01, 0.01), "r": f32(1, 1), "v_leak": f32(0, 0)},
            "thr": {"type": "Threshold", "threshold": f32(0.5, 0.5)},
            "output": {"type": "Output", "shape": np.array([2]), "input_type": t([2]), "output_type": o([2])},
            "readout": {"type": "Output", "shape": np.array([2])},
        },
        "edges": [("input", "0"), ("0", "lif.a"), ("lif.a", "rec"), ("rec", "lif.a"), ("lif.a", "scale"), ("scale", "delay"),
                  ("delay", "sub"), ("sub", "thr"), ("thr", "output"), ("sub", "li"), ("li", "readout")],
        "metadata": {"source": "nir_files.py"},
    }


def flat(graph, prefix=()):
    """Flat node paths and types, and edges, as the spikegpu reader reports them."""
    nodes = {}
    for name, node in graph["nodes"].items():
        if node["type"] == "NIRGraph":
            nodes.update(flat(node, prefix + (name,))[0])
        else:
            nodes[".".join(prefix + (name,))] = node["type"]
    return nodes, len(graph["edges"])


def write_all(out):
    os.makedirs(out, exist_ok=True)
    files = {
        "v0.1-no-version.nir": (None, old_graph(), False),
        "v0.1.1.nir": ("0.1.1", old_graph(), False),
        "v0.2.0-conv.nir": ("0.2.0", conv_graph(), False),
        "v1.0-gzip.nir": ("1.0.6", new_graph(), True),
        "v1.0-plain.nir": ("1.0.6", new_graph(), False),
    }
    manifest = {}
    for name, (version, graph, gzip) in files.items():
        write(os.path.join(out, name), version, graph, gzip)
        nodes, _ = flat(graph)
        sums = {}
        def walk(g, prefix=()):
            for k, node in g["nodes"].items():
                if node["type"] == "NIRGraph":
                    walk(node, prefix + (k,))
                elif "weight" in node:
                    sums[".".join(prefix + (k,))] = float(np.asarray(node["weight"], dtype=np.float64).sum())
        walk(graph)
        manifest[name] = {"version": version, "gzip": gzip, "nodes": nodes, "weightSums": sums}
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)


def read(path):
    out = {}

    def visit(name, obj):
        if isinstance(obj, h5py.Dataset):
            v = obj[()]
            if isinstance(v, bytes):
                v = v.decode("utf8")
            elif isinstance(v, np.ndarray) and v.dtype == object:
                v = [x.decode("utf8") if isinstance(x, bytes) else x for x in v.ravel().tolist()]
            elif isinstance(v, np.ndarray):
                v = v.ravel().tolist()
            elif isinstance(v, np.generic):
                v = v.item()
            out[name] = {"dtype": "string" if h5py.check_string_dtype(obj.dtype) else str(obj.dtype), "shape": list(obj.shape),
                         "compression": obj.compression, "value": v}

    with h5py.File(path, "r") as f:
        f.visititems(visit)
    print(json.dumps(out))


if __name__ == "__main__":
    if sys.argv[1] == "write":
        write_all(sys.argv[2])
    elif sys.argv[1] == "read":
        read(sys.argv[2])
    else:
        sys.exit("usage: nir_files.py write <dir> | read <file>")
