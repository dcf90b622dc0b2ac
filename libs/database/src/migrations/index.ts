import { Foundation1795323812171 } from './1795323812171-Foundation';
import { Catalog1795325001224 } from './1795325001224-Catalog';

/**
 * Every migration, in order. Generate with `npm run migration:generate -- libs/database/src/migrations/<Name>`,
 * review the SQL, pin the table charset to utf8mb4, and add the class here.
 */
export const MIGRATIONS: Function[] = [Foundation1795323812171, Catalog1795325001224];
