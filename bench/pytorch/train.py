#!/usr/bin/python3
"""Trains a Kiln recipe with PyTorch on the CPU: the reference Kiln's speed is compared with.

Usage (Debian's python3-torch, so /usr/bin/python3 rather than a python3 on PATH):

    /usr/bin/python3 bench/pytorch/train.py --data DIR --recipe examples/NAME.json \
        --train-rows N --epochs E --threads T --seed S [--seeds K]

DIR holds the Fashion-MNIST IDX files (train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz,
t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz). The network trains on the first N training
rows and is tested on the whole test file. Prints one JSON line on stdout:

    {"framework": "pytorch", "torch": ..., "threads": T, "trainRows": N, "epochs": E, "seed": S,
     "epochSeconds": [...], "samplesPerSecond": ..., "testAccuracy": 0..1, "blas": ...}

With --seeds K it trains K networks one after the other, with seeds S, S+1, ..., S+K-1, and prints a
line for each: a sample of test accuracies without starting Python and reading the data K times.

With --report-cpu it adds cpuSamplesPerSecond (samples per CPU-second of the whole process, same
median), which a loaded machine disturbs less than wall time.

samplesPerSecond is the median over the epochs after the first (the first warms up), or the only
epoch's. Only the training passes are timed: loading, scaling and testing are not.

The network is built from the recipe the way Kiln builds it (src/main/java/dev/kiln/spec):
- input [784] is a flat row; [h, w, c] is an image, fed channel-first (c, h, w) as Kiln does;
- "dense" is a fully connected layer, "conv2d" a convolution whose "same" padding is TensorFlow's
  (DL4J's ConvolutionMode.Same: output ceil(in / stride), the odd pixel of padding at the end),
  "valid" none; a conv2d feeding a dense layer is flattened channel-first, as DL4J does;
- a layer's "dropout" is the probability of dropping its input (Kiln passes 1 - dropout to DL4J,
  whose dropOut(p) keeps with probability p); inverted dropout in both;
- the "output" layer is a dense layer with softmax and cross-entropy (mean over the minibatch);
- weights: Kiln's default "xavier", DL4J's XAVIER (normal, std sqrt(2 / (fanIn + fanOut)), where a
  convolution's fanOut is filters * kh * kw / (stride_h * stride_w)); biases 0;
- optimiser adam (betas 0.9/0.999, epsilon 1e-8 as Kiln's defaults) or sgd at the recipe's
  learningRate; schedule "exponential": lr = floor + (lr0 - floor) * exp(-t / decaySteps), t the
  iteration (or epoch, by "unit") before the update;
- normalization "minmax" maps each feature's training minimum to 0 and maximum to 1 (on Fashion-MNIST
  nearly every pixel spans 0 to 255), "none" leaves raw pixels;
- minibatches of the recipe's batchSize (the last partial batch included), reshuffled each epoch.
"""

import argparse
import gzip
import json
import math
import os
import statistics
import struct
import sys
import time


def fail(message):
    print("train.py: " + message, file=sys.stderr)
    sys.exit(2)


def read_idx(path):
    with gzip.open(path, "rb") as stream:
        data = stream.read()
    magic = struct.unpack(">I", data[:4])[0]
    if magic >> 8 != 0x08:  # unsigned bytes
        fail(f"{path}: not an IDX file of unsigned bytes (magic {magic:#x})")
    dims = magic & 0xFF
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return data[4 + 4 * dims:], shape


def load_split(torch, directory, prefix, rows):
    images, image_shape = read_idx(os.path.join(directory, prefix + "-images-idx3-ubyte.gz"))
    labels, label_shape = read_idx(os.path.join(directory, prefix + "-labels-idx1-ubyte.gz"))
    if image_shape[0] != label_shape[0]:
        fail(f"{prefix}: {image_shape[0]} images but {label_shape[0]} labels")
    count = image_shape[0] if rows is None else min(rows, image_shape[0])
    width = image_shape[1] * image_shape[2]
    x = torch.frombuffer(bytearray(images[:count * width]), dtype=torch.uint8).reshape(count, width)
    y = torch.frombuffer(bytearray(labels[:count]), dtype=torch.uint8).to(torch.long)
    return x, y


def same_padding(size, kernel, stride):
    out = -(-size // stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return out, total // 2, total - total // 2


def pair(value):
    return (value, value) if isinstance(value, int) else (int(value[0]), int(value[1]))


def build(torch, recipe):
    nn = torch.nn
    F = torch.nn.functional

    class SamePad(nn.Module):
        def __init__(self, pads):
            super().__init__()
            self.pads = pads  # left, right, top, bottom

        def forward(self, x):
            return F.pad(x, self.pads)

    model = recipe["model"]
    dims = list(model["input"])
    if len(dims) == 1:
        shape = ("flat", dims[0])
    elif len(dims) == 3:
        shape = ("image", dims[2], dims[0], dims[1])  # c, h, w
    else:
        fail(f"model.input {dims}: only [features] and [height, width, channels] are supported")
    modules = []
    if shape[0] == "image":
        c, h, w = shape[1:]
        modules.append(nn.Unflatten(1, (c, h, w)))

    def xavier(weight, fan_in, fan_out):
        with torch.no_grad():
            weight.normal_(0.0, math.sqrt(2.0 / (fan_in + fan_out)))

    for index, layer in enumerate(model["layers"]):
        kind = layer["type"]
        if kind == "conv2d":
            if shape[0] != "image":
                fail(f"layer {index}: conv2d after a flat layer")
            c, h, w = shape[1:]
            kh, kw = pair(layer["kernel"])
            sh, sw = pair(layer.get("stride", 1))
            if layer.get("dropout"):
                modules.append(nn.Dropout(layer["dropout"]))
            if layer.get("padding", "valid") == "same":
                oh, top, bottom = same_padding(h, kh, sh)
                ow, left, right = same_padding(w, kw, sw)
                if top or bottom or left or right:
                    modules.append(SamePad((left, right, top, bottom)))
            else:
                oh, ow = (h - kh) // sh + 1, (w - kw) // sw + 1
            conv = nn.Conv2d(c, layer["filters"], (kh, kw), (sh, sw))
            xavier(conv.weight, c * kh * kw, layer["filters"] * kh * kw / (sh * sw))
            nn.init.zeros_(conv.bias)
            modules.append(conv)
            modules.append(activation(nn, layer.get("activation", "relu")))
            shape = ("image", layer["filters"], oh, ow)
        elif kind in ("dense", "output"):
            if shape[0] == "image":
                modules.append(nn.Flatten())
                shape = ("flat", shape[1] * shape[2] * shape[3])
            if layer.get("dropout"):
                modules.append(nn.Dropout(layer["dropout"]))
            linear = nn.Linear(shape[1], layer["units"])
            xavier(linear.weight, shape[1], layer["units"])
            nn.init.zeros_(linear.bias)
            modules.append(linear)
            if kind == "dense":
                modules.append(activation(nn, layer.get("activation", "relu")))
            else:
                if layer.get("activation", "softmax") != "softmax" or layer.get("loss", "cross-entropy") != "cross-entropy":
                    fail(f"layer {index}: only a softmax output with cross-entropy is supported")
            shape = ("flat", layer["units"])
        else:
            fail(f"layer {index}: type {kind!r} is not supported here")
    # the softmax lives in the loss (log-softmax + NLL), as in any PyTorch classifier
    return nn.Sequential(*modules)


def activation(nn, name):
    table = {"relu": nn.ReLU, "sigmoid": nn.Sigmoid, "tanh": nn.Tanh, "identity": nn.Identity}
    if name not in table:
        fail(f"activation {name!r} is not supported here")
    return table[name]()


def optimiser(torch, recipe, parameters):
    spec = recipe.get("training", {}).get("optimizer", {})
    kind = spec.get("type", "adam")
    if kind == "adam":
        rate = spec.get("learningRate", 0.001)
        return torch.optim.Adam(parameters, lr=rate, betas=(spec.get("beta1", 0.9), spec.get("beta2", 0.999)),
                                eps=spec.get("epsilon", 1e-8)), rate
    if kind == "sgd":
        rate = spec.get("learningRate", 0.01)
        return torch.optim.SGD(parameters, lr=rate), rate
    fail(f"optimizer {kind!r} is not supported here")


def schedule(recipe, initial):
    spec = recipe.get("training", {}).get("schedule")
    if not spec or spec.get("type", "fixed") == "fixed":
        return None, False
    if spec["type"] != "exponential":
        fail(f"schedule {spec['type']!r} is not supported here")
    floor = spec.get("floor", 0.0)
    steps = spec["decaySteps"]
    return (lambda t: floor + (initial - floor) * math.exp(-t / steps)), spec.get("unit", "iteration") == "epoch"


def blas_library():
    """The BLAS library torch loaded (Debian's torch links the libblas.so.3 alternative)."""
    names = set()
    try:
        with open("/proc/self/maps") as maps:
            for line in maps:
                path = line.split()[-1]
                base = os.path.basename(path)
                if "blas" in base or "mkl" in base:
                    names.add(os.path.realpath(path))
    except OSError:
        pass
    return ", ".join(sorted(os.path.basename(n) for n in names)) or "unknown"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", required=True)
    parser.add_argument("--recipe", required=True)
    parser.add_argument("--train-rows", type=int, required=True)
    parser.add_argument("--epochs", type=int, required=True)
    parser.add_argument("--threads", type=int, required=True)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--seeds", type=int, default=1,
                        help="train this many networks, with seeds seed, seed+1, ...: a line for each")
    parser.add_argument("--report-cpu", action="store_true",
                        help="also report cpuSamplesPerSecond: samples per CPU-second of the process (median as "
                             "samplesPerSecond), steadier than wall time on a shared machine")
    args = parser.parse_args()
    if args.train_rows <= 0 or args.epochs <= 0 or args.threads <= 0 or args.seeds <= 0:
        fail("--train-rows, --epochs, --threads and --seeds must be positive")
    import torch

    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    with open(args.recipe) as stream:
        recipe = json.load(stream)

    train_x, train_y = load_split(torch, args.data, "train", args.train_rows)
    test_x, test_y = load_split(torch, args.data, "t10k", None)
    normalization = recipe.get("normalization", "none")
    if normalization == "minmax":
        # as Kiln's FeatureScaling: each feature's training minimum to 0 and maximum to 1, a
        # constant feature to 0
        train_x, test_x = train_x.float(), test_x.float()
        low = train_x.min(dim=0).values
        span = train_x.max(dim=0).values - low
        span[span <= 0] = 1.0
        train_x, test_x = (train_x - low) / span, (test_x - low) / span
    elif normalization == "none":
        train_x, test_x = train_x.float(), test_x.float()
    else:
        fail(f"normalization {normalization!r} is not supported here")
    train_x, test_x = train_x.contiguous(), test_x.contiguous()

    for seed in range(args.seed, args.seed + args.seeds):
        print(json.dumps(train_once(torch, recipe, args, seed, train_x, train_y, test_x, test_y)), flush=True)


def train_once(torch, recipe, args, seed, train_x, train_y, test_x, test_y):
    """Trains one network from seed and answers its result line."""
    torch.manual_seed(seed)
    network = build(torch, recipe)
    optim, initial_rate = optimiser(torch, recipe, network.parameters())
    rate_at, per_epoch = schedule(recipe, initial_rate)
    loss_function = torch.nn.CrossEntropyLoss()
    batch = int(recipe.get("training", {}).get("batchSize", 32))
    rows = train_x.shape[0]
    shuffler = torch.Generator().manual_seed(seed)

    epoch_seconds = []
    epoch_cpu_seconds = []
    iteration = 0
    for epoch in range(args.epochs):
        order = torch.randperm(rows, generator=shuffler)
        network.train()
        start = time.perf_counter()
        cpu_start = time.process_time()
        for first in range(0, rows, batch):
            index = order[first:first + batch]
            if rate_at is not None:
                rate = rate_at(epoch if per_epoch else iteration)
                for group in optim.param_groups:
                    group["lr"] = rate
            optim.zero_grad(set_to_none=True)
            loss = loss_function(network(train_x[index]), train_y[index])
            loss.backward()
            optim.step()
            iteration += 1
        epoch_seconds.append(time.perf_counter() - start)
        epoch_cpu_seconds.append(time.process_time() - cpu_start)
        if not math.isfinite(loss.item()):
            fail(f"training diverged in epoch {epoch + 1}")

    network.eval()
    correct = 0
    with torch.no_grad():
        for first in range(0, test_x.shape[0], 1000):
            predicted = network(test_x[first:first + 1000]).argmax(dim=1)
            correct += int((predicted == test_y[first:first + 1000]).sum())
    speeds = [rows / s for s in epoch_seconds]
    result = {
        "framework": "pytorch",
        "torch": torch.__version__,
        "threads": args.threads,
        "trainRows": rows,
        "epochs": args.epochs,
        "seed": seed,
        "epochSeconds": [round(s, 4) for s in epoch_seconds],
        "samplesPerSecond": round(statistics.median(speeds[1:]) if len(speeds) > 1 else speeds[0], 1),
        "testAccuracy": correct / test_x.shape[0],
        "blas": blas_library(),
    }
    if args.report_cpu:
        cpu_speeds = [rows / s for s in epoch_cpu_seconds]
        result["cpuSamplesPerSecond"] = round(statistics.median(cpu_speeds[1:]) if len(cpu_speeds) > 1
                                              else cpu_speeds[0], 1)
    return result


if __name__ == "__main__":
    try:
        main()
    except SystemExit:
        raise
    except Exception as error:  # one line on stderr, non-zero exit
        print(f"train.py: {type(error).__name__}: {error}", file=sys.stderr)
        sys.exit(1)
