"""Builds the datasets shipped in data/ from scikit-learn's own files.

Run with Debian's Python (python3-sklearn 1.2):

    /usr/bin/python3 data/build.py

For each dataset it writes `<name>.csv.gz` (a header row of feature names and
`target`, then one row per sample; numbers in Python's shortest round-trip
notation, so every float64 reads back exactly) and `<name>.rst`, the description
scikit-learn ships. Diabetes is written raw (unscaled); the loader scales it as
`load_diabetes(scaled=True)` does. The gzip header carries no timestamp, so the
output is byte-for-byte reproducible.
"""
import csv
import gzip
import io
import math
import os
import shutil

import sklearn
from sklearn import datasets

HERE = os.path.dirname(os.path.abspath(__file__))
DESCR = os.path.join(os.path.dirname(datasets.__file__), "descr")

# name -> (loader, keyword arguments, description file)
DATASETS = {
    "iris": (datasets.load_iris, {}, "iris.rst"),
    "diabetes": (datasets.load_diabetes, {"scaled": False}, "diabetes.rst"),
    "digits": (datasets.load_digits, {}, "digits.rst"),
    "breast_cancer": (datasets.load_breast_cancer, {}, "breast_cancer.rst"),
    "wine": (datasets.load_wine, {}, "wine_data.rst"),
}


def number(value):
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"non-finite value {value!r}")
    if value.is_integer() and abs(value) < 2**53 and math.copysign(1.0, value) > 0:
        return str(int(value))
    return repr(value)


def build(name, loader, kwargs, descr):
    bunch = loader(**kwargs)
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow([str(f) for f in bunch.feature_names] + ["target"])
    for row, target in zip(bunch.data, bunch.target):
        writer.writerow([number(v) for v in row] + [number(target)])
    with open(os.path.join(HERE, f"{name}.csv.gz"), "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as out:
            out.write(text.getvalue().encode("utf-8"))
    shutil.copyfile(os.path.join(DESCR, descr), os.path.join(HERE, f"{name}.rst"))
    print(f"{name}: {bunch.data.shape[0]} x {bunch.data.shape[1]}")


def main():
    print(f"scikit-learn {sklearn.__version__}")
    for name, (loader, kwargs, descr) in DATASETS.items():
        build(name, loader, kwargs, descr)


if __name__ == "__main__":
    main()
