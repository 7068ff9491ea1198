#!/usr/bin/python3
"""Peer side of the strategy suite (benchmarks/suite/): Optuna's RandomSampler and
TPESampler (library defaults, seeded by the run's seed) on the suite's synthetic
functions, with the same domains, budgets and seeds, through study.ask/tell.

    /usr/bin/python3 benchmarks/peers/optuna_suite.py \
        --tasks branin:30,hartmann6:40 --strategies optuna_random,optuna_tpe --seeds 0,1,2

Prints one JSON object per line: first {"meta": {...versions}}, then one run per
line in the suite's results format: {"task", "strategy", "seed", "seconds",
"evaluations": [{"value", "cost", "elapsed", "overhead", "params"}]}, where
overhead is the wall time of ask + tell for that evaluation. The functions are
those of ../shared/peers/bo_quality.py (mixed_branin: x1 float, x2 int, c cat).
Use Debian's interpreter (/usr/bin/python3: optuna 3.1, numpy).
"""
import argparse
import json
import math
import os
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402


# the test functions are those of the Bayesian-optimization quality benchmark's peer side
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from optuna_tpe_quality import ackley, branin, hartmann6, rosenbrock  # noqa: E402


OFFSET = {"a": 1.0, "b": 0.0, "c": 2.0}


def box(d, lo, hi):
    return [("x%d" % i, "float", lo, hi) for i in range(d)]


# name -> (space [(param, kind, low/choices, high)], f(params dict))
FUNCTIONS = {
    "branin": ([("x0", "float", -5.0, 10.0), ("x1", "float", 0.0, 15.0)], lambda p: branin(p["x0"], p["x1"])),
    "hartmann6": (box(6, 0.0, 1.0), lambda p: hartmann6([p["x%d" % i] for i in range(6)])),
    "rosenbrock2": (box(2, -5.0, 10.0), lambda p: rosenbrock([p["x0"], p["x1"]])),
    "ackley5": (box(5, -32.768, 32.768), lambda p: ackley([p["x%d" % i] for i in range(5)])),
    "mixed_branin": ([("c", "cat", ["a", "b", "c"], None), ("x1", "float", -5.0, 10.0), ("x2", "int", 0, 15)],
                     lambda p: branin(p["x1"], p["x2"]) + OFFSET[p["c"]]),
}


def run(task, strategy, seed, budget):
    import optuna
    from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    space, f = FUNCTIONS[task]
    dists = {}
    for name, kind, a, b in space:
        dists[name] = (FloatDistribution(a, b) if kind == "float" else IntDistribution(a, b) if kind == "int"
                       else CategoricalDistribution(a))
    sampler = (optuna.samplers.RandomSampler(seed=seed) if strategy == "optuna_random"
               else optuna.samplers.TPESampler(seed=seed))
    study = optuna.create_study(direction="minimize", sampler=sampler)
    evals = []
    t_start = time.perf_counter()
    tell_time = 0.0
    for _ in range(budget):
        t0 = time.perf_counter()
        trial = study.ask(dists)
        params = dict(trial.params)
        t1 = time.perf_counter()
        y = f(params)
        t2 = time.perf_counter()
        study.tell(trial, y)
        t3 = time.perf_counter()
        # ask of this evaluation + tell of the previous one, as the TS side times suggest()
        evals.append({"value": float(y), "cost": 1, "elapsed": t2 - t_start, "overhead": (t1 - t0) + tell_time,
                      "params": params})
        tell_time = t3 - t2
    return {"task": task, "strategy": strategy, "seed": seed, "seconds": time.perf_counter() - t_start,
            "evaluations": evals}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tasks", required=True, help="name:budget,name:budget")
    ap.add_argument("--strategies", default="optuna_random,optuna_tpe")
    ap.add_argument("--seeds", required=True, help="comma-separated seeds")
    a = ap.parse_args()
    import optuna
    print(json.dumps({"meta": {"optuna": optuna.__version__, "python": sys.version.split()[0],
                               "numpy": np.__version__}}), flush=True)
    tasks = [(t.split(":")[0], int(t.split(":")[1])) for t in a.tasks.split(",") if t]
    for task, budget in tasks:
        if task not in FUNCTIONS:
            print("# unknown task %s" % task, file=sys.stderr)
            continue
        for strategy in a.strategies.split(","):
            for seed in [int(s) for s in a.seeds.split(",")]:
                print(json.dumps(run(task, strategy, seed, budget)), flush=True)


if __name__ == "__main__":
    main()
