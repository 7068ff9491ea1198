# scikit-learn side of benchmarks/search-sharing.ts: GridSearchCV(n_jobs=1) on the same rows,
# grids and folds as ours, for one case. Prints one JSON line: wall and CPU seconds of each
# timed run (after one untimed warm-up run), best params, mean_test_score, peak RSS.
#
#   python3 sklearn_search_sharing.py DATA.json SPEC.json CASE
#
# DATA.json: the rows of benchmarks/peers/gen_data.py. SPEC.json: per case its data, grid
# (scikit-learn's names), folds ([train, test] index lists) and the number of timed runs.
# Start from /work/shared/peers/realistic/peer_searches.py. Run with OPENBLAS_CORETYPE and
# OPENBLAS_L2_SIZE unset and one BLAS thread (benchmarks/common.ts peerEnv()).
import json, resource, sys, time, warnings
import numpy as np
from sklearn.datasets import load_digits
from sklearn.linear_model import Lasso, LogisticRegression, Ridge
from sklearn.model_selection import GridSearchCV
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

warnings.simplefilter('ignore')
data = json.load(open(sys.argv[1]))
spec = json.load(open(sys.argv[2]))
name = sys.argv[3]
case = spec[name]

ESTIMATORS = {
    'svc': lambda: SVC(),
    'knn': lambda: KNeighborsClassifier(),
    'ridge': lambda: Ridge(),
    'lasso': lambda: Lasso(),
    'logreg': lambda: LogisticRegression(max_iter=1000),
    'scaled_svc': lambda: make_pipeline(StandardScaler(), SVC()),
}

if case['data'] == 'digits':
    X, y = load_digits(return_X_y=True)
else:
    rows = data[case['data']]
    n = case.get('rows') or len(rows['y'])
    X, y = np.array(rows['X'][:n]), np.array(rows['y'][:n])
folds = [(np.array(tr), np.array(te)) for tr, te in case['folds']]

def run():
    return GridSearchCV(ESTIMATORS[case['estimator']](), case['grid'], cv=folds, n_jobs=1).fit(X, y)

run()  # warm-up, untimed
walls, cpus = [], []
for _ in range(case['repeats']):
    c0, w0 = time.process_time(), time.perf_counter()
    gs = run()
    walls.append(time.perf_counter() - w0)
    cpus.append(time.process_time() - c0)
print(json.dumps({
    'case': name, 'wall': walls, 'cpu': cpus,
    'best_params': {k: (v.item() if hasattr(v, 'item') else v) for k, v in gs.best_params_.items()},
    'params': [{k: (v.item() if hasattr(v, 'item') else v) for k, v in p.items()} for p in gs.cv_results_['params']],
    'mean_test_score': gs.cv_results_['mean_test_score'].tolist(),
    'peak_rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}), flush=True)
