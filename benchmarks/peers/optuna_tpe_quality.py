#!/usr/bin/python3
"""Peer side of benchmarks/bayes-quality.ts: Optuna's TPESampler (library defaults)
on the same five functions, domains, budgets and seeds, plus its ask+tell cost at
50/100/200 observations in 6-D.

    /usr/bin/python3 benchmarks/peers/optuna_tpe_quality.py            # 10 seeds (~2 min on 2 cores)
    /usr/bin/python3 benchmarks/peers/optuna_tpe_quality.py --seeds 3  # quick

Writes benchmarks/results/optuna_tpe_quality.json: {meta, summary, timing, runs},
with summary[function]["optuna_tpe"] = {n_seeds, regret_median, regret_q25,
regret_q75, median_regret_at_step, overhead_cpu_ms_per_iter_mean} (the field names
of the shared peer results, so the TS benchmark reads both the same way).
Use Debian's interpreter (/usr/bin/python3: optuna 3.1, numpy, scipy).
"""
import argparse
import json
import math
import multiprocessing as mp
import os
import platform
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "results", "optuna_tpe_quality.json")


def branin(x1, x2):
    b, c, t = 5.1 / (4 * math.pi ** 2), 5 / math.pi, 1 / (8 * math.pi)
    return (x2 - b * x1 ** 2 + c * x1 - 6) ** 2 + 10 * (1 - t) * math.cos(x1) + 10


H_A = np.array([[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14],
                [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]])
H_P = 1e-4 * np.array([[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991],
                       [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]])
H_ALPHA = np.array([1.0, 1.2, 3.0, 3.2])


def hartmann6(x):
    x = np.asarray(x, dtype=float)
    return float(-np.sum(H_ALPHA * np.exp(-np.sum(H_A * (x - H_P) ** 2, axis=1))))


def rosenbrock(x):
    x = np.asarray(x, dtype=float)
    return float(np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2))


def ackley(x):
    x = np.asarray(x, dtype=float)
    d = len(x)
    return float(-20 * math.exp(-0.2 * math.sqrt(np.sum(x ** 2) / d))
                 - math.exp(np.sum(np.cos(2 * math.pi * x)) / d) + 20 + math.e)


OFFSET = {"a": 1.0, "b": 0.0, "c": 2.0}


def mixed_branin_opt():
    """min over integer x2 of min over x1 of branin (category b): grid, then golden section."""
    best = math.inf
    g = (math.sqrt(5) - 1) / 2
    for x2 in range(16):
        grid = np.linspace(-5, 10, 3001)
        v = np.array([branin(t, x2) for t in grid])
        i = int(np.argmin(v))
        a, b = grid[max(i - 1, 0)], grid[min(i + 1, 3000)]
        for _ in range(100):
            c, d = b - g * (b - a), a + g * (b - a)
            if branin(c, x2) < branin(d, x2):
                b = d
            else:
                a = c
        best = min(best, float(v[i]), branin((a + b) / 2, x2))
    return best


# (name, kind, low, high) or (name, "cat", choices)
PROBLEMS = {
    "branin": dict(f=lambda x: branin(x[0], x[1]), space=[("x1", "float", -5, 10), ("x2", "float", 0, 15)],
                   opt=0.397887, budget=50),
    "hartmann6": dict(f=hartmann6, space=[("x%d" % i, "float", 0, 1) for i in range(6)], opt=-3.32237, budget=100),
    "rosenbrock2": dict(f=rosenbrock, space=[("x%d" % i, "float", -5, 10) for i in range(2)], opt=0.0, budget=50),
    "ackley5": dict(f=ackley, space=[("x%d" % i, "float", -32.768, 32.768) for i in range(5)], opt=0.0, budget=50),
    "mixed_branin": dict(f=lambda x: branin(x[0], x[1]) + OFFSET[x[2]],
                         space=[("x1", "float", -5, 10), ("x2", "int", 0, 15), ("c", "cat", ["a", "b", "c"])],
                         opt=None, budget=50),
}


def distributions(space):
    from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
    out = {}
    for d in space:
        if d[1] == "float":
            out[d[0]] = FloatDistribution(d[2], d[3])
        elif d[1] == "int":
            out[d[0]] = IntDistribution(d[2], d[3])
        else:
            out[d[0]] = CategoricalDistribution(d[2])
    return out


def run_job(job):
    import optuna
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    fname, seed, opt = job
    p = PROBLEMS[fname]
    dists = distributions(p["space"])
    study = optuna.create_study(direction="minimize", sampler=optuna.samplers.TPESampler(seed=seed))
    ys, cpu = [], 0.0
    for _ in range(p["budget"]):
        c0 = time.process_time()
        trial = study.ask(dists)
        x = [trial.params[d[0]] for d in p["space"]]
        cpu += time.process_time() - c0
        y = p["f"](x)
        c0 = time.process_time()
        study.tell(trial, y)
        cpu += time.process_time() - c0
        ys.append(y)
    best = np.minimum.accumulate(ys)
    return {"function": fname, "strategy": "optuna_tpe", "seed": seed, "ys": ys,
            "final_regret": float(best[-1] - opt), "overhead_cpu_ms_per_iter": 1000 * cpu / p["budget"]}


def time_ask(n, rep):
    """ask+tell CPU ms at n observations in 6-D: n-1 random tells, then 10 timed ask/tell pairs."""
    import optuna
    from optuna.distributions import FloatDistribution
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    rng = np.random.RandomState(rep)
    dists = {"x%d" % i: FloatDistribution(0, 1) for i in range(6)}
    study = optuna.create_study(direction="minimize", sampler=optuna.samplers.TPESampler(seed=1000 + rep))
    for _ in range(n - 1):
        x = rng.uniform(0, 1, 6)
        study.add_trial(optuna.trial.create_trial(params={"x%d" % i: float(x[i]) for i in range(6)},
                                                  distributions=dists, value=hartmann6(x)))
    times = []
    for _ in range(10):
        c0 = time.process_time()
        trial = study.ask(dists)
        x = [trial.params["x%d" % i] for i in range(6)]
        study.tell(trial, hartmann6(x))
        times.append(1000 * (time.process_time() - c0))
    return times


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=10)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--reps", type=int, default=5)
    a = ap.parse_args()
    import optuna
    PROBLEMS["mixed_branin"]["opt"] = mixed_branin_opt()
    jobs = [(f, s, PROBLEMS[f]["opt"]) for f in PROBLEMS for s in range(a.seeds)]
    t0 = time.time()
    with mp.get_context("fork").Pool(a.jobs) as pool:
        runs = sorted(pool.map(run_job, jobs), key=lambda r: (r["function"], r["seed"]))
    summary = {}
    for f, p in PROBLEMS.items():
        rs = [r for r in runs if r["function"] == f]
        reg = np.array([r["final_regret"] for r in rs])
        steps = [s for s in (10, 25, 50, 100) if s <= p["budget"]]
        summary[f] = {"optuna_tpe": {
            "n_seeds": len(rs),
            "regret_median": float(np.median(reg)),
            "regret_q25": float(np.percentile(reg, 25)),
            "regret_q75": float(np.percentile(reg, 75)),
            "median_regret_at_step": {str(s): float(np.median([min(r["ys"][:s]) - p["opt"] for r in rs])) for s in steps},
            "overhead_cpu_ms_per_iter_mean": float(np.mean([r["overhead_cpu_ms_per_iter"] for r in rs])),
        }}
    timing = {}
    for n in (50, 100, 200):
        ts = [t for rep in range(a.reps) for t in time_ask(n, rep)]
        timing["optuna_tpe@%d" % n] = {"median": float(np.median(ts)), "mean": float(np.mean(ts))}
    meta = {"date": time.strftime("%Y-%m-%d"), "python": sys.version.split()[0], "optuna": optuna.__version__,
            "numpy": np.__version__, "machine": platform.platform(), "seeds": a.seeds,
            "total_wall_s": time.time() - t0, "loadavg": os.getloadavg(),
            "optima": {f: p["opt"] for f, p in PROBLEMS.items()},
            "command": "/usr/bin/python3 benchmarks/peers/optuna_tpe_quality.py " + " ".join(sys.argv[1:])}
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as fh:
        json.dump({"meta": meta, "summary": summary, "timing": timing, "runs": runs}, fh)
    for f in PROBLEMS:
        s = summary[f]["optuna_tpe"]
        print("%-13s optuna_tpe  %.3g [%.3g, %.3g]  %.2f ms/iter" % (
            f, s["regret_median"], s["regret_q25"], s["regret_q75"], s["overhead_cpu_ms_per_iter_mean"]))
    print("ask+tell 6-D ms (median):", {k: round(v["median"], 2) for k, v in timing.items()})
    print("# %.0f s, wrote %s" % (time.time() - t0, os.path.relpath(OUT)), file=sys.stderr)


if __name__ == "__main__":
    main()
