#!/usr/bin/python3
"""Peer side of benchmarks/tpe-quality.ts: Optuna 3.1's TPESampler (library
defaults, seed = the run's seed) through study.ask/tell, on the suite's five
functions (--set suite) or on the held-out functions (--set heldout, those of
benchmarks/heldout-functions.ts: same domains, budgets and optima).

    /usr/bin/python3 benchmarks/peers/optuna_tpe_heldout.py --set heldout --seeds 10
    /usr/bin/python3 benchmarks/peers/optuna_tpe_heldout.py --set suite --seeds 30

Writes benchmarks/results/optuna_tpe_<set>.json: {meta, runs: [{function, seed,
final_regret}]}. Use Debian's interpreter (/usr/bin/python3: optuna 3.1).
"""
import argparse
import json
import math
import multiprocessing as mp
import os
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from optuna_tpe_quality import PROBLEMS as SUITE, mixed_branin_opt  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def styblinski_tang(x):
    return 0.5 * sum(v ** 4 - 16 * v ** 2 + 5 * v for v in x)


def levy(x):
    w = [1 + (v - 1) / 4 for v in x]
    d = len(w)
    s = math.sin(math.pi * w[0]) ** 2
    for i in range(d - 1):
        s += (w[i] - 1) ** 2 * (1 + 10 * math.sin(math.pi * w[i] + 1) ** 2)
    return s + (w[-1] - 1) ** 2 * (1 + math.sin(2 * math.pi * w[-1]) ** 2)


def griewank(x):
    s = sum(v * v / 4000 for v in x)
    p = 1.0
    for i, v in enumerate(x):
        p *= math.cos(v / math.sqrt(i + 1))
    return 1 + s - p


def michalewicz(x, m=10):
    return -sum(math.sin(v) * math.sin((i + 1) * v * v / math.pi) ** (2 * m) for i, v in enumerate(x))


def six_hump_camel(x, y):
    return (4 - 2.1 * x * x + x ** 4 / 3) * x * x + x * y + (-4 + 4 * y * y) * y * y


def goldstein_price(x, y):
    a = 1 + (x + y + 1) ** 2 * (19 - 14 * x + 3 * x * x - 14 * y + 6 * x * y + 3 * y * y)
    b = 30 + (2 * x - 3 * y) ** 2 * (18 - 32 * x + 12 * x * x + 48 * y - 36 * x * y + 27 * y * y)
    return a * b


H3_A = [[3, 10, 30], [0.1, 10, 35], [3, 10, 30], [0.1, 10, 35]]
H3_P = [[v * 1e-4 for v in r] for r in [[3689, 1170, 2673], [4699, 4387, 7470], [1091, 8732, 5547], [381, 5743, 8828]]]
H_ALPHA = [1.0, 1.2, 3.0, 3.2]


def hartmann3(x):
    s = 0.0
    for i in range(4):
        e = sum(H3_A[i][j] * (x[j] - H3_P[i][j]) ** 2 for j in range(3))
        s -= H_ALPHA[i] * math.exp(-e)
    return s


SHEKEL_BETA = [v / 10 for v in [1, 2, 2, 4, 4, 6, 3, 7, 5, 5]]
SHEKEL_C = [[4, 1, 8, 6, 3, 2, 5, 8, 6, 7], [4, 1, 8, 6, 7, 9, 3, 1, 2, 3.6],
            [4, 1, 8, 6, 3, 2, 5, 8, 6, 7], [4, 1, 8, 6, 7, 9, 3, 1, 2, 3.6]]


def shekel10(x):
    s = 0.0
    for i in range(10):
        e = SHEKEL_BETA[i] + sum((x[j] - SHEKEL_C[j][i]) ** 2 for j in range(4))
        s -= 1 / e
    return s


def rastrigin(x):
    return 10 * len(x) + sum(v * v - 10 * math.cos(2 * math.pi * v) for v in x)


def log_tuning(x):
    a = math.log10(x[0]) + 2.5
    b = math.log10(x[1]) + 3
    return a * a + 0.5 * b * b + 0.2 * a * b + 0.3 * (x[2] - 3) ** 2


LEVY_OFFSET = {"a": 0.0, "b": 1.0, "c": 3.0}
STYB_OFFSET = {"p": 0.0, "q": 5.0}


def box(d, lo, hi):
    return [("x%d" % i, "float", lo, hi) for i in range(d)]


HELDOUT = {
    "styblinski_tang4": dict(f=styblinski_tang, space=box(4, -5, 5), opt=-39.16616570377142 * 4, budget=100),
    "levy4": dict(f=levy, space=box(4, -10, 10), opt=0.0, budget=100),
    "griewank4": dict(f=griewank, space=box(4, -600, 600), opt=0.0, budget=100),
    "michalewicz2": dict(f=michalewicz, space=box(2, 0, math.pi), opt=-1.8013034100985537, budget=50),
    "six_hump_camel": dict(f=lambda x: six_hump_camel(x[0], x[1]), space=[("x0", "float", -3, 3), ("x1", "float", -2, 2)],
                           opt=-1.031628453489877, budget=50),
    "goldstein_price": dict(f=lambda x: goldstein_price(x[0], x[1]), space=box(2, -2, 2), opt=3.0, budget=50),
    "hartmann3": dict(f=hartmann3, space=box(3, 0, 1), opt=-3.86278214782076, budget=50),
    "shekel10": dict(f=shekel10, space=box(4, 0, 10), opt=-10.536409816692046, budget=100),
    "rastrigin3": dict(f=rastrigin, space=box(3, -5.12, 5.12), opt=0.0, budget=100),
    "mixed_levy": dict(f=lambda x: levy(x[:3]) + LEVY_OFFSET[x[3]],
                       space=[("x0", "float", -10, 10), ("x1", "float", -10, 10), ("x2", "int", -10, 10),
                              ("x3", "cat", ["a", "b", "c"])], opt=0.0, budget=100),
    "mixed_stybtang": dict(f=lambda x: styblinski_tang(x[:3]) + STYB_OFFSET[x[3]],
                           space=[("x0", "float", -5, 5), ("x1", "int", -5, 5), ("x2", "int", -5, 5),
                                  ("x3", "cat", ["p", "q"])], opt=-39.16616570377142 - 2 * 39, budget=50),
    "log_tuning": dict(f=log_tuning, space=[("x0", "logfloat", 1e-5, 1), ("x1", "logfloat", 1e-6, 10), ("x2", "int", 1, 8)],
                       opt=0.0, budget=50),
}


def distributions(space):
    from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
    out = {}
    for d in space:
        if d[1] == "float":
            out[d[0]] = FloatDistribution(d[2], d[3])
        elif d[1] == "logfloat":
            out[d[0]] = FloatDistribution(d[2], d[3], log=True)
        elif d[1] == "int":
            out[d[0]] = IntDistribution(d[2], d[3])
        else:
            out[d[0]] = CategoricalDistribution(d[2])
    return out


def run_job(job):
    import optuna
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    problems, fname, seed = job
    p = (HELDOUT if problems == "heldout" else SUITE)[fname]
    dists = distributions(p["space"])
    study = optuna.create_study(direction="minimize", sampler=optuna.samplers.TPESampler(seed=seed))
    ys = []
    for _ in range(p["budget"]):
        trial = study.ask(dists)
        y = p["f"]([trial.params[d[0]] for d in p["space"]])
        study.tell(trial, y)
        ys.append(float(y))
    return {"function": fname, "strategy": "optuna_tpe", "seed": seed, "final_regret": float(min(ys) - p["opt"])}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", choices=["suite", "heldout"], default="heldout")
    ap.add_argument("--seeds", type=int, default=10)
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args()
    import optuna
    SUITE["mixed_branin"]["opt"] = mixed_branin_opt()
    problems = HELDOUT if a.set == "heldout" else SUITE
    jobs = [(a.set, f, s) for f in problems for s in range(a.seeds)]
    t0 = time.time()
    with mp.get_context("fork").Pool(a.jobs) as pool:
        runs = sorted(pool.map(run_job, jobs), key=lambda r: (r["function"], r["seed"]))
    meta = {"date": time.strftime("%Y-%m-%d"), "optuna": optuna.__version__, "numpy": np.__version__, "seeds": a.seeds,
            "set": a.set, "total_wall_s": time.time() - t0, "loadavg": os.getloadavg(),
            "optima": {f: p["opt"] for f, p in problems.items()}, "budgets": {f: p["budget"] for f, p in problems.items()},
            "command": "/usr/bin/python3 benchmarks/peers/optuna_tpe_heldout.py " + " ".join(sys.argv[1:])}
    out = os.path.join(HERE, "..", "results", "optuna_tpe_%s.json" % a.set)
    with open(out, "w") as fh:
        json.dump({"meta": meta, "runs": runs}, fh)
    for f in problems:
        reg = [r["final_regret"] for r in runs if r["function"] == f]
        print("%-17s optuna_tpe median regret %.4g" % (f, float(np.median(reg))))
    print("# %.0f s, wrote %s" % (time.time() - t0, os.path.relpath(out)), file=sys.stderr)


if __name__ == "__main__":
    main()
