#!/usr/bin/env python3
"""How much of Online Shoppers' propensity is the PageValues column alone (docs/propensity.md).

Reads the CSV and the fold of each row as `storewise eval propensity` deals them (stratifiedKFold(y, 5,
seed 0), written as a JSON array by the node command in the docs), then per fold fits scikit-learn's
LogisticRegression on PageValues alone (standardized on the training rows) and scores ROC AUC on the
held-out rows; prints the per-fold AUCs, their mean, ROC AUC of the raw column over all rows, and the share
of buyers and non-buyers whose PageValues is not 0.

Usage: /usr/bin/python3 page_values_auc.py --data <online_shoppers_intention.csv> --folds <json>
"""
import argparse
import json

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

parser = argparse.ArgumentParser()
parser.add_argument("--data", required=True)
parser.add_argument("--folds", required=True)
args = parser.parse_args()
df = pd.read_csv(args.data)
y = df["Revenue"].astype(str).str.lower().eq("true").to_numpy().astype(int)
x = df["PageValues"].to_numpy(dtype=float)
folds = np.array(json.load(open(args.folds)))
aucs = []
for f in range(folds.max() + 1):
    train, test = folds != f, folds == f
    mu, sd = x[train].mean(), x[train].std()
    model = LogisticRegression().fit(((x[train] - mu) / sd)[:, None], y[train])
    aucs.append(roc_auc_score(y[test], model.predict_proba(((x[test] - mu) / sd)[:, None])[:, 1]))
print(json.dumps({
    "aucs": [round(a, 4) for a in aucs],
    "meanAuc": round(float(np.mean(aucs)), 4),
    "rawAucAllRows": round(float(roc_auc_score(y, x)), 4),
    "nonzeroBuyers": round(float((x[y == 1] > 0).mean()), 4),
    "nonzeroNonBuyers": round(float((x[y == 0] > 0).mean()), 4),
}))
