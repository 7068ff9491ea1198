#!/usr/bin/python3
"""scikit-learn side of benchmarks/estimators.ts: fit+predict times on shipped data.

    /usr/bin/python3 benchmarks/peers/sklearn_estimators.py [--repeats 7]

Each case fits on the first 80% of the rows (after a fixed permutation shared with
the TypeScript side through --order FILE) and predicts the other 20%. Prints one
JSON line per case: {case, fit_ms, predict_ms, total_ms (medians), cpu_ms, score}.
BLAS is limited to one thread so the work is single-core like ours.
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
from sklearn.datasets import load_breast_cancer, load_diabetes, load_digits  # noqa: E402
from sklearn.linear_model import LogisticRegression, Ridge  # noqa: E402
from sklearn.neighbors import KNeighborsClassifier  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402
from sklearn.svm import SVC  # noqa: E402


def cases():
    return [
        ("ridge_diabetes", lambda: Ridge(alpha=1.0), load_diabetes(return_X_y=True)),
        ("logreg_breast_cancer", lambda: make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)), load_breast_cancer(return_X_y=True)),
        ("knn_digits", lambda: KNeighborsClassifier(n_neighbors=5), load_digits(return_X_y=True)),
        ("svc_digits", lambda: SVC(C=10, gamma=0.001), load_digits(return_X_y=True)),
    ]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--order", required=True, help="JSON file: {case: permutation}")
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    with open(args.order) as f:
        orders = json.load(f)
    for name, make, (X, y) in cases():
        order = np.array(orders[name])
        X, y = X[order], y[order]
        cut = int(0.8 * len(y))
        Xtr, ytr, Xte, yte = X[:cut], y[:cut], X[cut:], y[cut:]
        fits, preds, cpus, score = [], [], [], None
        warm_until = time.perf_counter() + 0.5
        while time.perf_counter() < warm_until:
            make().fit(Xtr, ytr).predict(Xte)
        measure_until = time.perf_counter() + 2.0
        r = 0
        while r < args.repeats or time.perf_counter() < measure_until:
            r += 1
            c0 = time.process_time()
            t0 = time.perf_counter()
            est = make().fit(Xtr, ytr)
            t1 = time.perf_counter()
            est.predict(Xte)
            t2 = time.perf_counter()
            cpus.append(time.process_time() - c0)
            fits.append(t1 - t0)
            preds.append(t2 - t1)
            score = float(est.score(Xte, yte))
        print(json.dumps({"case": name, "fit_ms": statistics.median(fits) * 1e3, "predict_ms": statistics.median(preds) * 1e3,
                          "total_ms": statistics.median([a + b for a, b in zip(fits, preds)]) * 1e3,
                          "cpu_ms": statistics.median(cpus) * 1e3, "score": score}), flush=True)


if __name__ == "__main__":
    main()
