"""Peer of bench/import.ts: reads the Online Retail file with pandas and applies the importer's rules
(docs/import-formats.md), printing the counts the import should report and the seconds it took.

    /usr/bin/python3 bench/peers/import.py <online_retail.csv.gz>
"""
import json
import sys
import time

import pandas as pd

start = time.perf_counter()
df = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
quantity = pd.to_numeric(df.Quantity, errors="coerce")
price = pd.to_numeric(df.UnitPrice, errors="coerce")
dates = pd.to_datetime(df.InvoiceDate, format="%Y-%m-%d %H:%M:%S", errors="coerce")
cancel = df.InvoiceNo.str.startswith("C")
bad_quantity = quantity.isna() | (quantity == 0) | ((quantity < 0) & ~cancel)
bad_price = price.isna() | (price < 0)
bad_id = (df.InvoiceNo.str.strip() == "") | (df.StockCode.str.strip() == "")
rejected = bad_quantity | bad_price | dates.isna() | bad_id
valid = df[~rejected]
duplicates = int(valid.duplicated().sum())
seconds = time.perf_counter() - start
print(json.dumps({
    "rows": len(df),
    "accepted": len(valid) - duplicates,
    "duplicates": duplicates,
    "rejected": int(rejected.sum()),
    "customers": int(valid.CustomerID[valid.CustomerID != ""].nunique()),
    "items": int(valid.StockCode.nunique()),
    "seconds": seconds,
}))
