import { describe, expect, it } from 'vitest';
import {
  encodeBinaryLabels,
  MissingLabelError,
  matrixFromRows,
  selectRows,
  TabularEncoder,
} from '../../src/tabular/index.js';

const records = [
  { a: '1', b: '10', month: 'Mar', weekend: 'FALSE', id: 'x', label: 'TRUE' },
  { a: '2', b: '20', month: 'Feb', weekend: 'TRUE', id: 'y', label: 'FALSE' },
  { a: '4', b: '20', month: 'Mar', weekend: 'true', id: 'z', label: 'FALSE' },
  { a: '5', b: '50', month: 'Dec', weekend: 'FALSE', id: 'w', label: 'TRUE' },
];

describe('tabular encoder', () => {
  it('standardizes numbers as StandardScaler, one-hot encodes categories in sorted order, maps booleans', () => {
    const enc = TabularEncoder.fit(records, { exclude: ['id', 'label'] });
    expect(enc.columns.map((c) => c.kind)).toEqual(['numeric', 'numeric', 'categorical', 'boolean']);
    expect(enc.featureNames).toEqual(['a', 'b', 'month=Dec', 'month=Feb', 'month=Mar', 'weekend']);
    const m = enc.transform(records);
    expect(m.nRows).toBe(4);
    expect(m.nCols).toBe(6);
    // StandardScaler().fit_transform([[1,10],[2,20],[4,20],[5,50]]) (scikit-learn 1.2.1):
    const scaled = [
      [-1.26491106, -1.0],
      [-0.63245553, -0.33333333],
      [0.63245553, -0.33333333],
      [1.26491106, 1.66666667],
    ];
    const onehot = [
      [0, 0, 1, 0],
      [0, 1, 0, 1],
      [0, 0, 1, 1],
      [1, 0, 0, 0],
    ];
    for (let i = 0; i < 4; i++) {
      expect(m.data[i * 6]).toBeCloseTo(scaled[i]![0]!, 7);
      expect(m.data[i * 6 + 1]).toBeCloseTo(scaled[i]![1]!, 7);
      expect(Array.from(m.data.subarray(i * 6 + 2, i * 6 + 6))).toEqual(onehot[i]);
    }
  });

  it('applies the fitted transform to new rows: unseen categories give zeros, missing values are imputed', () => {
    const enc = TabularEncoder.fit(records, { exclude: ['id', 'label'] });
    const m = enc.transform([{ a: '3', b: '', month: 'Jul', weekend: 'NA' }]);
    // a: (3 - 3) / 1.5811 = 0; b missing -> mean -> 0; Jul unseen -> zeros; weekend missing -> mean 0.5
    expect(Array.from(m.data)).toEqual([0, 0, 0, 0, 0, 0.5]);
    const keep = TabularEncoder.fit(records, { exclude: ['id', 'label'], impute: 'none' });
    const k = keep.transform([{ a: '?', b: '0', month: '', weekend: 'yes' }]);
    expect(Number.isNaN(k.data[0])).toBe(true);
    expect(k.data[1]).toBeCloseTo(-1.66666667, 7);
    expect(Array.from(k.data.subarray(2))).toEqual([0, 0, 0, 1]);
  });

  it('round-trips through JSON and honours forced kinds, column lists and category limits', () => {
    const enc = TabularEncoder.fit(records, {
      columns: ['b', 'month', 'a'],
      kinds: { a: 'categorical' },
      maxCategories: 2,
      standardize: false,
    });
    expect(enc.featureNames).toEqual(['b', 'month=Dec', 'month=Mar', 'a=1', 'a=2']); // Mar is most frequent; Dec wins the tie with Feb by name
    const again = TabularEncoder.fromJSON(JSON.parse(JSON.stringify(enc.toJSON())));
    expect(again.transform(records).data).toEqual(enc.transform(records).data);
    expect(Array.from(enc.transform(records).data.subarray(0, 5))).toEqual([10, 0, 1, 1, 0]);
  });

  it('encodes binary labels, finding the truthy value or taking the one named', () => {
    const { y, positive, negatives } = encodeBinaryLabels(records.map((r) => r.label));
    expect(Array.from(y)).toEqual([1, 0, 0, 1]);
    expect(positive).toBe('TRUE');
    expect(negatives).toEqual(['FALSE']);
    expect(Array.from(encodeBinaryLabels(['a', 'b', 'c'], 'c').y)).toEqual([0, 0, 1]);
    expect(() => encodeBinaryLabels(['a', 'b', 'c'])).toThrow(/3 distinct values/);
    // One class: naming a positive value cannot help, so the message does not ask for one.
    for (const positive of [undefined, 'False'])
      expect(() => encodeBinaryLabels(['False', 'False '], positive)).toThrow(
        'label has one value only (False): a model needs rows of both classes to learn which is which',
      );
  });

  it('refuses missing labels, naming every such row, instead of counting them as a class or a negative', () => {
    const values = ['True', '', 'False', 'NA', 'True', ' ', 'null', 'False', '?', 'n/a', 'none'];
    // Rows 1, 3, 5, 6, 8, 9, 10 are missing: 7 of them, the first 5 named.
    for (const positive of [undefined, 'True']) {
      let error: unknown;
      try {
        encodeBinaryLabels(values, positive);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(MissingLabelError);
      expect((error as MissingLabelError).rows).toEqual([1, 3, 5, 6, 8, 9, 10]);
      expect((error as MissingLabelError).message).toBe(
        'rows 1, 3, 5, 6, 8 and 2 more: label is missing (7 rows; empty, na, n/a, nan, null, none, ? count as missing): a missing label is not a class; fill it in or remove those rows',
      );
      expect(
        (error as MissingLabelError).messageFor(
          (rows) => `f.csv: line ${rows.map((r) => r + 2).join(', ')}`,
          'Revenue',
        ),
      ).toMatch(/^f\.csv: line 3, 5, 7, 8, 10 and 2 more: Revenue is missing \(7 rows;/);
    }
    // One missing among two classes: without the check it was a third "class" (the error listed ", False, True").
    expect(() => encodeBinaryLabels(['False', 'True', ''])).toThrow(/^row 2: label is missing \(1 row;/);
  });

  it('selects rows of a matrix', () => {
    const m = matrixFromRows([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(Array.from(selectRows(m, [2, 0]).data)).toEqual([5, 6, 1, 2]);
    expect(m.columns).toEqual(['x0', 'x1']);
  });
});
