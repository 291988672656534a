#!/usr/bin/python3
"""Where the training thread's time goes, from a JFR recording (settings=profile).

    python3 jfr_breakdown.py RECORDING.jfr [THREAD]

Record with bench/java/dev/kiln/bench/lab/steps.jfc (profile.jfc with native samples every 10 ms, like
Java ones, so the two counts compare). Counts the thread's jdk.ExecutionSample (running Java) and jdk.NativeMethodSample (inside a JNI
call) events. Each sample is put in the first bucket (top frame first) whose pattern a frame
matches, and separately counted for every phase (inclusive) it lies in. Also sums GC pauses.
"""
import collections
import json
import subprocess
import sys

# (bucket, substring of "class.method"), first match from the top of the stack wins
BUCKETS = [
    ("native: adam updater", "AdamUpdater"),
    ("native: workspace/memory", "Workspace"),
    ("native: array creation (Nd4j.create/dup)", "Nd4j.create"),
    ("native: array creation (Nd4j.create/dup)", "BaseNDArray.dup"),
    ("native: oneDNN conv helper", "MKLDNNConvHelper"),
    ("native: matmul (mmul/gemm)", "mmul"),
    ("native: matmul (mmul/gemm)", "gemm"),
    ("native: other ops via executioner", "NativeOpExecutioner"),
]
PHASES = [
    ("fit(DataSet|iterator)", "MultiLayerNetwork.fit"),
    ("forward+backward (computeGradientAndScore)", "computeGradientAndScore"),
    ("  of which backprop", "calcBackpropGradients"),
    ("  of which feed-forward", "ffToLayerActivationsInWs"),
    ("updater (BaseMultiLayerUpdater.update)", "BaseMultiLayerUpdater.update"),
    ("listeners (iterationDone)", "iterationDone"),
    ("score() read", "MultiLayerNetwork.score"),
    ("data: iterator next()", "Iterator.next"),
    ("data: async prefetch wait", "AsyncDataSetIterator"),
    ("data: batch building", "ExamplesIterator"),
    ("workspaces (notify/scope)", "Workspace"),
    ("validation/evaluation", "Validation"),
    ("ND4J op dispatch (NativeOpExecutioner.exec)", "NativeOpExecutioner.exec"),
    ("JavaCPP Pointer deallocation/GC", "Pointer"),
    ("ND4J DeallocatorService.pickObject (SecureRandom)", "DeallocatorService.pickObject"),
    ("shape info creation", "createShapeInfo"),
    ("ND4J array creation (Nd4j.create*)", "Nd4j.create"),
    ("Nd4j.scalar", "Nd4j.scalar"),
]


def frames(event):
    stack = event["values"]["stackTrace"]
    if not stack:
        return []
    return [f["method"]["type"]["name"].replace("/", ".").split(".")[-1] + "." + f["method"]["name"]
            for f in stack["frames"]]


def main():
    recording = sys.argv[1]
    thread = sys.argv[2] if len(sys.argv) > 2 else "main"
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "512", "--events",
                          "jdk.ExecutionSample,jdk.NativeMethodSample,jdk.GarbageCollection",
                          recording], capture_output=True, text=True, check=True).stdout
    events = json.loads(out)["recording"]["events"]
    kinds = collections.Counter()
    buckets = collections.Counter()
    phases = collections.Counter()
    tops = collections.Counter()
    gc_ms = 0.0
    for event in events:
        if event["type"] == "jdk.GarbageCollection":
            pauses = event["values"]["sumOfPauses"]  # ISO-8601, e.g. PT0.001S
            gc_ms += float(pauses[2:-1]) * 1000 if pauses.endswith("S") and "M" not in pauses else 0
            continue
        t = event["values"].get("sampledThread") or {}
        if t.get("javaName") != thread:
            continue
        native = event["type"] == "jdk.NativeMethodSample"
        stack = frames(event)
        # only the training passes, not start-up or data loading
        if not any(TRAINING in f for f in stack for TRAINING in ("Trainer.train", "LoopVariant.epoch")):
            continue
        kinds["native (in JNI)" if native else "Java"] += 1
        tops[("N " if native else "J ") + (stack[0] if stack else "?")] += 1
        bucket = None
        if native:
            for name, pattern in BUCKETS:
                if any(pattern in f for f in stack):
                    bucket = name
                    break
            bucket = bucket or "native: other"
        else:
            bucket = "Java code"
        buckets[bucket] += 1
        for name, pattern in PHASES:
            if any(pattern in f for f in stack):
                phases[name] += 1
    total = sum(kinds.values())
    print(f"thread {thread}: {total} samples; GC pauses {gc_ms:.0f} ms in total")
    for title, counter in (("state", kinds), ("bucket (first match from the top)", buckets),
                           ("phase (inclusive)", phases)):
        print(f"-- {title}")
        for name, n in counter.most_common():
            print(f"{100.0 * n / total:5.1f}%  {name}")
    print("-- top frames")
    for name, n in tops.most_common(25):
        print(f"{100.0 * n / total:5.1f}%  {name}")


if __name__ == "__main__":
    main()
