#!/usr/bin/python3
"""scikit-learn side of benchmarks/estimators.ts: fit + predict CPU time per case.

    python3 benchmarks/peers/sklearn_estimators.py DATA.json CASES.json [--mode warm|memory]

DATA.json is written by gen_data.py (the same rows our side reads); CASES.json lists the
cases as our side defines them: {name, estimator, params, data, nTrain, nTotal}. Each
case fits on rows [0, nTrain) and predicts rows [nTrain, nTotal).

--mode warm (default): after `warmup` seconds of fits, the median CPU time of at least
`repeats` fit + predict runs. Prints one JSON line per case: {case, cpu_ms, fit_ms,
predict_ms, score, runs}.
--mode memory: one fit + predict per case after resetting the process's peak resident
memory (Linux /proc/self/clear_refs); prints {case, peak_rss_mb, growth_mb}, growth being
the peak during fit + predict minus the resident memory just before.

Run it with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset and one BLAS thread (our side's
runPeer does): single-threaded like ours, with OpenBLAS's best kernels for this CPU.
"""
import json
import statistics
import sys
import time
import warnings

import numpy as np
from sklearn.datasets import load_breast_cancer, load_digits
from sklearn.decomposition import PCA
from sklearn.ensemble import ExtraTreesClassifier, HistGradientBoostingClassifier, HistGradientBoostingRegressor, RandomForestClassifier
from sklearn.linear_model import Lasso, LogisticRegression, Ridge, SGDClassifier
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC, LinearSVC
from sklearn.tree import DecisionTreeClassifier

ESTIMATORS = {
    "ridge": lambda p: Ridge(alpha=p["alpha"]),
    "lasso": lambda p: Lasso(alpha=p["alpha"]),
    "logreg": lambda p: LogisticRegression(max_iter=p["maxIter"]),
    "scaled_logreg": lambda p: make_pipeline(StandardScaler(), LogisticRegression(max_iter=p["maxIter"])),
    "knn": lambda p: KNeighborsClassifier(n_neighbors=p["nNeighbors"]),
    "svc": lambda p: SVC(C=p["C"], gamma=p.get("gamma", "scale")),
    "tree": lambda p: DecisionTreeClassifier(random_state=p["randomState"]),
    "forest": lambda p: RandomForestClassifier(n_estimators=p["nEstimators"], random_state=p["randomState"], n_jobs=1),
    "hgb_clf": lambda p: HistGradientBoostingClassifier(max_iter=p["maxIter"], early_stopping=p.get("earlyStopping", 0) == 1, random_state=0),
    "hgb_reg": lambda p: HistGradientBoostingRegressor(max_iter=p["maxIter"], random_state=0),
    "extra_trees": lambda p: ExtraTreesClassifier(n_estimators=p["nEstimators"], random_state=p["randomState"], n_jobs=1),
    "scaled_sgd": lambda p: make_pipeline(StandardScaler(), SGDClassifier(random_state=p["randomState"])),
    "scaled_linear_svc": lambda p: make_pipeline(StandardScaler(), LinearSVC(random_state=p["randomState"])),
    "scaled_saga_l1": lambda p: make_pipeline(StandardScaler(), LogisticRegression(penalty="l1", solver="saga", C=p["C"], random_state=0)),
    "gaussian_nb": lambda p: GaussianNB(),
    "pca_logreg": lambda p: make_pipeline(PCA(n_components=p["nComponents"], random_state=p["randomState"]), LogisticRegression(max_iter=p["maxIter"])),
}


def load(data, key):
    if key == "digits":
        return load_digits(return_X_y=True)
    if key == "breast_cancer":
        return load_breast_cancer(return_X_y=True)
    return np.array(data[key]["X"], dtype=np.float64), np.array(data[key]["y"])


def cpu():
    return time.process_time()


def warm(case, Xtr, ytr, Xte, yte, repeats, warmup):
    make = lambda: ESTIMATORS[case["estimator"]](case["params"])  # noqa: E731
    until = time.perf_counter() + warmup
    while True:
        make().fit(Xtr, ytr).predict(Xte)
        if time.perf_counter() >= until:
            break
    cpus, fits, preds = [], [], []
    until = time.perf_counter() + 1.0
    model = None
    while len(cpus) < repeats or time.perf_counter() < until:
        c0 = cpu()
        model = make().fit(Xtr, ytr)
        c1 = cpu()
        model.predict(Xte)
        c2 = cpu()
        cpus.append((c2 - c0) * 1000)
        fits.append((c1 - c0) * 1000)
        preds.append((c2 - c1) * 1000)
        if len(cpus) >= 200:
            break
    return {"cpu_ms": statistics.median(cpus), "fit_ms": statistics.median(fits), "predict_ms": statistics.median(preds),
            "score": float(model.score(Xte, yte)), "runs": len(cpus)}


def rss_mb(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def memory(case, Xtr, ytr, Xte):
    import gc
    gc.collect()
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")
    before = rss_mb("VmRSS")
    ESTIMATORS[case["estimator"]](case["params"]).fit(Xtr, ytr).predict(Xte)
    peak = rss_mb("VmHWM")
    return {"peak_rss_mb": peak, "growth_mb": peak - before}


def main():
    data_file, cases_file = sys.argv[1], sys.argv[2]
    mode = sys.argv[sys.argv.index("--mode") + 1] if "--mode" in sys.argv else "warm"
    warnings.simplefilter("ignore")
    with open(data_file) as f:
        data = json.load(f)
    with open(cases_file) as f:
        spec = json.load(f)
    cache = {}
    for case in spec["cases"]:
        if case["data"] not in cache:
            cache[case["data"]] = load(data, case["data"])
        X, y = cache[case["data"]]
        n, m = case["nTrain"], case["nTotal"]
        Xtr, ytr, Xte, yte = np.ascontiguousarray(X[:n]), y[:n], np.ascontiguousarray(X[n:m]), y[n:m]
        if mode == "memory":
            out = memory(case, Xtr, ytr, Xte)
        else:
            out = warm(case, Xtr, ytr, Xte, yte, case.get("repeats", spec["repeats"]), case.get("warmup", spec["warmup"]))
        print(json.dumps({"case": case["name"], **out}), flush=True)


if __name__ == "__main__":
    main()
