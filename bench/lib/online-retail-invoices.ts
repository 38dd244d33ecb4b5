/**
 * UCI Online Retail as one entry per invoice, for the lifetime-value benchmarks: the purchase lines with a
 * CustomerID, quantity > 0 and an InvoiceNo not starting with C, grouped by invoice (customer, time in days
 * since `origin`, value = sum of quantity x unit price). InvoiceDate 'YYYY-MM-DD HH:MM:SS' is read as UTC.
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';

const DAY = 86_400_000;

export interface RetailInvoices {
  lines: number;
  kept: number;
  invCustomer: number[];
  invTime: number[];
  invValue: number[];
  customers: number;
}

export async function readRetailInvoices(path: string, origin: number): Promise<RetailInvoices> {
  const invoiceIndex = new Map<string, number>();
  const invCustomer: number[] = [];
  const invTime: number[] = [];
  const invValue: number[] = [];
  const customerIndex = new Map<string, number>();
  let lines = 0;
  let kept = 0;
  const parser = createReadStream(path)
    .pipe(createGunzip())
    .pipe(parse({ from_line: 2 }));
  for await (const row of parser as AsyncIterable<string[]>) {
    lines++;
    const [invoice, , , qty, date, price, customer] = row;
    if (!customer || invoice!.startsWith('C')) continue;
    const q = Number(qty);
    if (!(q > 0)) continue;
    kept++;
    let c = customerIndex.get(customer);
    if (c === undefined) {
      c = customerIndex.size;
      customerIndex.set(customer, c);
    }
    let k = invoiceIndex.get(invoice!);
    if (k === undefined) {
      k = invCustomer.length;
      invoiceIndex.set(invoice!, k);
      invCustomer.push(c);
      invTime.push((Date.parse(`${date!.replace(' ', 'T')}Z`) - origin) / DAY);
      invValue.push(0);
    }
    invValue[k] = invValue[k]! + q * Number(price);
  }
  return { lines, kept, invCustomer, invTime, invValue, customers: customerIndex.size };
}
