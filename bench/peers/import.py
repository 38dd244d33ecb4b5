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
# Online Retail II names three columns differently; the importer reads both layouts.
df = df.rename(columns={"Invoice": "InvoiceNo", "Price": "UnitPrice", "Customer ID": "CustomerID"})
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
customers = valid.CustomerID.str.strip().str.replace(r"\.0+$", "", regex=True)
seconds = time.perf_counter() - start
print(json.dumps({
    "rows": len(df),
    "accepted": len(valid) - duplicates,
    "duplicates": duplicates,
    "rejected": int(rejected.sum()),
    # The importer trims ids ("47503J " is 47503J, in Online Retail II) and drops a float's ".0" from customer ids.
    "customers": int(customers[customers != ""].nunique()),
    "items": int(valid.StockCode.str.strip().nunique()),
    "seconds": seconds,
}))
