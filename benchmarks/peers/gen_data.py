# Data for the speed benchmarks: the same rows on both sides (written to the file named on the command line).
# The rows the wave-2 speed targets were set on (issue 15): make_classification / make_regression, fixed seeds.
import json, sys
from sklearn.datasets import make_classification, make_regression
out = {}
X, y = make_classification(n_samples=6000, n_features=20, n_informative=10, random_state=0)
out['clf5k'] = {'X': X.round(6).tolist(), 'y': y.tolist()}
X, y = make_classification(n_samples=20000, n_features=50, n_informative=20, random_state=1)
out['clf20k'] = {'X': X.round(6).tolist(), 'y': y.tolist()}
X, y = make_regression(n_samples=20000, n_features=50, n_informative=30, noise=5.0, random_state=2)
out['reg20k'] = {'X': X.round(6).tolist(), 'y': y.round(6).tolist()}
json.dump(out, open(sys.argv[1], 'w'))
