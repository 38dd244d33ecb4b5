import { fileURLToPath } from 'node:url';

/**
 * The bundled demo shop: a slice of the UCI Online Retail data set (CC BY 4.0; see data/README.md),
 * in the `online-retail` import format, gzipped. The same relative path serves src/ and dist/.
 */
export const demoShopPath: string = fileURLToPath(
  new URL('../../data/online-retail-demo.csv.gz', import.meta.url),
);

/** The import format of the demo shop file. */
export const demoShopFormat = 'online-retail' as const;
