import { fileURLToPath } from 'node:url';

/** The drizzle-kit migrations shipped with the package (../../drizzle from both src/sql and dist/sql). */
export const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));
