#!/usr/bin/python3
"""scikit-learn side of benchmarks/search-overhead.ts.

    /usr/bin/python3 benchmarks/peers/sklearn_search_overhead.py --candidates FILE [--repeats 5] [--n-jobs 1]

Runs the same two searches as the TypeScript benchmark and prints one JSON line
per case: {case, n_jobs, wall_s (median), wall_runs, cpu_s (median), n_fits,
per_fit_ms, best_params, best_score}. The SVC candidates are read from FILE
(written by the TypeScript side) so both sides fit exactly the same models.
BLAS is limited to one thread so CPU time equals single-core work.
"""
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402

import numpy as np  # noqa: E402
import sklearn  # noqa: E402
from sklearn.datasets import load_diabetes, load_digits  # noqa: E402
from sklearn.linear_model import Ridge  # noqa: E402
from sklearn.model_selection import GridSearchCV, RandomizedSearchCV  # noqa: E402
from sklearn.svm import SVC  # noqa: E402


def timed(make, X, y, repeats):
    walls, cpus, search = [], [], None
    for _ in range(repeats):
        search = make()
        c0, w0 = time.process_time(), time.perf_counter()
        search.fit(X, y)
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
    return statistics.median(walls), walls, statistics.median(cpus), search


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--candidates", required=True)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--n-jobs", type=int, default=1)
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    with open(args.candidates) as f:
        svc_candidates = json.load(f)

    Xd, yd = load_diabetes(return_X_y=True)
    alphas = np.logspace(-4, 4, 200)
    wall, runs, cpu, s = timed(lambda: GridSearchCV(Ridge(), {"alpha": alphas}, cv=5, n_jobs=args.n_jobs), Xd, yd, args.repeats)
    print(json.dumps({"case": "ridge_diabetes_grid200", "n_jobs": args.n_jobs, "wall_s": wall, "wall_runs": runs, "cpu_s": cpu,
                      "n_fits": 1000, "per_fit_ms": wall / 1000 * 1e3, "best_params": {"alpha": float(s.best_params_["alpha"])},
                      "best_score": float(s.best_score_), "sklearn": sklearn.__version__}), flush=True)

    Xg, yg = load_digits(return_X_y=True)
    space = [{"C": [c["C"]], "gamma": [c["gamma"]]} for c in svc_candidates]
    n = len(space)
    wall, runs, cpu, s = timed(lambda: RandomizedSearchCV(SVC(), space, n_iter=n, cv=5, random_state=0, n_jobs=args.n_jobs), Xg, yg,
                               max(1, args.repeats // 2))
    print(json.dumps({"case": "svc_digits_random60", "n_jobs": args.n_jobs, "wall_s": wall, "wall_runs": runs, "cpu_s": cpu,
                      "n_fits": n * 5, "per_fit_ms": wall / (n * 5) * 1e3, "best_params": s.best_params_,
                      "best_score": float(s.best_score_), "sklearn": sklearn.__version__}), flush=True)


if __name__ == "__main__":
    main()
