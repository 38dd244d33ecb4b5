#!/usr/bin/env python3
"""Python peer for bench/propensity.ts: scikit-learn on UCI Online Shoppers Intention, same folds.

Reads the CSV and a fold assignment written by the TypeScript side (a JSON array, the fold 0..k-1 of
each data row), then for each fold: encodes the training rows the way TabularEncoder does (numeric
columns standardized with StandardScaler; Month and VisitorType one-hot in sorted order, unseen
categories as zeros; Weekend as 0/1), fits one model and scores ROC AUC on the held-out fold. Only
`fit` is timed; the sum over folds is reported.

Usage: /usr/bin/python3 propensity.py --data <csv> --folds <json> --model rf|hgb|mlp|logreg|tree
Prints one JSON object on stdout: {model, auc (mean over folds), aucs, fitSeconds (sum), iterations}.
"""
import argparse
import json
import os
import time

os.environ.setdefault("OMP_NUM_THREADS", "2")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "2")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import sklearn  # noqa: E402
from sklearn.compose import ColumnTransformer  # noqa: E402
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import roc_auc_score  # noqa: E402
from sklearn.neural_network import MLPClassifier  # noqa: E402
from sklearn.preprocessing import OneHotEncoder, StandardScaler  # noqa: E402
from sklearn.tree import DecisionTreeClassifier  # noqa: E402

CATEGORICAL = ["Month", "VisitorType"]
BOOLEAN = ["Weekend"]
LABEL = "Revenue"

MODELS = {
    "rf": lambda: RandomForestClassifier(n_estimators=100, n_jobs=2, random_state=0),
    "hgb": lambda: HistGradientBoostingClassifier(random_state=0),
    "mlp": lambda: MLPClassifier(hidden_layer_sizes=(64, 32), early_stopping=True, random_state=0),
    "logreg": lambda: LogisticRegression(max_iter=1000),
    "tree": lambda: DecisionTreeClassifier(max_depth=8, random_state=0),
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--folds", required=True)
    parser.add_argument("--model", required=True, choices=sorted(MODELS))
    args = parser.parse_args()

    df = pd.read_csv(args.data)
    y = df.pop(LABEL).astype(str).str.upper().eq("TRUE").astype(int).to_numpy()
    for c in BOOLEAN:
        df[c] = df[c].astype(str).str.upper().eq("TRUE").astype(int)
    numeric = [c for c in df.columns if c not in CATEGORICAL + BOOLEAN]
    folds = np.array(json.load(open(args.folds)))
    assert len(folds) == len(df), "fold assignment does not match the data"

    aucs, fit_seconds, iterations = [], 0.0, []
    for f in range(folds.max() + 1):
        train, test = folds != f, folds == f
        encoder = ColumnTransformer(
            [
                ("num", StandardScaler(), numeric),
                ("cat", OneHotEncoder(handle_unknown="ignore", sparse_output=False), CATEGORICAL),
            ],
            remainder="passthrough",
        )
        x_train = encoder.fit_transform(df[train])
        x_test = encoder.transform(df[test])
        model = MODELS[args.model]()
        start = time.perf_counter()
        model.fit(x_train, y[train])
        fit_seconds += time.perf_counter() - start
        aucs.append(float(roc_auc_score(y[test], model.predict_proba(x_test)[:, 1])))
        n_iter = getattr(model, "n_iter_", None)
        iterations.append(int(np.max(n_iter)) if n_iter is not None else None)

    print(
        json.dumps(
            {
                "model": args.model,
                "auc": float(np.mean(aucs)),
                "aucs": aucs,
                "fitSeconds": fit_seconds,
                "iterations": iterations,
                "sklearn": sklearn.__version__,
            }
        )
    )


if __name__ == "__main__":
    main()
