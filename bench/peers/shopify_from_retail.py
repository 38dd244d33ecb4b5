# Online Retail I written in Shopify's orders export layout, and the totals a `shopify-orders` import of it must
# store (an independent reading of the same rows): /usr/bin/python3 bench/peers/shopify_from_retail.py
# [<online_retail.csv.gz>] [<out.csv>]. Each invoice is an order (its first row carries the order's email,
# time, currency and country, the others leave them blank, as Shopify writes them); returns (C invoices),
# rows without a stock code, non-positive quantities and negative prices are left out. The customer's email
# is c<CustomerID>@example.com. See docs/benchmarks/import.md (session 13).
import csv, gzip, sys
from datetime import datetime
src = sys.argv[1] if len(sys.argv) > 1 else '../shared/data/online-retail-I/online_retail.csv.gz'
H = "Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,Currency,Subtotal,Shipping,Taxes,Total,Discount Code,Discount Amount,Shipping Method,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem compare at price,Lineitem sku,Lineitem requires shipping,Lineitem taxable,Lineitem fulfillment status,Billing Name,Billing Street,Billing Address1,Billing Address2,Billing Company,Billing City,Billing Zip,Billing Province,Billing Country,Billing Phone,Shipping Name,Shipping Street,Shipping Address1,Shipping Address2,Shipping Company,Shipping City,Shipping Zip,Shipping Province,Shipping Country".split(',')
idx = {h: i for i, h in enumerate(H)}
out = csv.writer(open(sys.argv[2] if len(sys.argv) > 2 else 'orders_export.csv', 'w', newline=''), lineterminator='\n')
out.writerow(H)
events = 0; revenue = 0.0; customers = set(); skus = set(); last = None; line_no = 0
per_customer = {}
with gzip.open(src, 'rt', encoding='utf-8', newline='') as f:
    r = csv.DictReader(f)
    for row in r:
        inv = row['InvoiceNo'].strip(); code = row['StockCode'].strip(); desc = row['Description'].strip()
        if inv.startswith(('C', 'c')) or not code: continue
        try:
            q = float(row['Quantity']); p = float(row['UnitPrice'])
        except ValueError: continue
        if q <= 0 or p < 0: continue
        d = datetime.strptime(row['InvoiceDate'].strip(), '%m/%d/%Y %H:%M') if '/' in row['InvoiceDate'] else datetime.strptime(row['InvoiceDate'].strip()[:16], '%Y-%m-%d %H:%M')
        cust = row['CustomerID'].strip()
        if cust.endswith('.0'): cust = cust[:-2]
        email = f'c{cust}@example.com' if cust else ''
        rec = [''] * len(H)
        rec[idx['Name']] = '#' + inv
        rec[idx['Lineitem quantity']] = row['Quantity'].strip(); rec[idx['Lineitem name']] = desc
        rec[idx['Lineitem price']] = row['UnitPrice'].strip(); rec[idx['Lineitem sku']] = code
        if inv != last:
            rec[idx['Email']] = email; rec[idx['Created at']] = d.strftime('%Y-%m-%d %H:%M:%S +0000')
            rec[idx['Currency']] = 'GBP'; rec[idx['Billing Country']] = row['Country'].strip()
            rec[idx['Financial Status']] = 'paid'
            last = inv
        out.writerow(rec)
        events += 1; revenue += q * p
        skus.add(code)
        if email:
            customers.add(email); per_customer[email] = per_customer.get(email, 0) + q * p
print('events', events, 'revenue', round(revenue, 2), 'customers', len(customers), 'items', len(skus))
top = sorted(per_customer.items(), key=lambda kv: -kv[1])[:3]
print('top', [(k, round(v, 2)) for k, v in top])
