import { Foundation1795323812171 } from './1795323812171-Foundation';
import { Jobs1795324924780 } from './1795324924780-Jobs';

/**
 * Every migration, in order. Generate with `npm run migration:generate -- libs/database/src/migrations/<Name>`,
 * review the SQL, pin the table charset to utf8mb4, and add the class here.
 */
export const MIGRATIONS: Function[] = [Foundation1795323812171, Jobs1795324924780];
