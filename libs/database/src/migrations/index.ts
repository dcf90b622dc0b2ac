import { Foundation1795323812171 } from './1795323812171-Foundation';
import { Jobs1795324924780 } from './1795324924780-Jobs';
import { Catalog1795326367216 } from './1795326367216-Catalog';
import { OrdersPayments1795326943520 } from './1795326943520-OrdersPayments';
import { AfterSale1795328130731 } from './1795328130731-AfterSale';
import { AuthHardening1796016958595 } from './1796016958595-AuthHardening';
import { PurchaseLimits1796018210353 } from './1796018210353-PurchaseLimits';
import { PaymentEvents1796021648595 } from './1796021648595-PaymentEvents';
import { Reviews1796030000000 } from './1796030000000-Reviews';
import { AdminAudit1796030100000 } from './1796030100000-AdminAudit';
import { ShopSettings1796030646476 } from './1796030646476-ShopSettings';
import { Customers1796031157403 } from './1796031157403-Customers';
import { MerchantRefunds1796032372108 } from './1796032372108-MerchantRefunds';
import { Search1796100000000 } from './1796100000000-Search';
import { Distribution1796200000000 } from './1796200000000-Distribution';

/**
 * Every migration, in order. Generate with `npm run migration:generate -- libs/database/src/migrations/<Name>`,
 * review the SQL, pin the table charset to utf8mb4, and add the class here. Generated against MariaDB, TypeORM's
 * mysql driver misreads the defaults of nullable columns and adds `ALTER TABLE ... CHANGE` statements for every one
 * of them (up: no-op; down: DEFAULT 'NULL'): delete those; test/foundation/ops.int-spec.ts checks for drift. Use a mariadb:// DATABASE_URL when generating against MariaDB and these do not appear.
 */
export const MIGRATIONS: Function[] = [
  Foundation1795323812171,
  Jobs1795324924780,
  Catalog1795326367216,
  OrdersPayments1795326943520,
  AfterSale1795328130731,
  AuthHardening1796016958595,
  PurchaseLimits1796018210353,
  PaymentEvents1796021648595,
  Reviews1796030000000,
  AdminAudit1796030100000,
  ShopSettings1796030646476,
  Customers1796031157403,
  MerchantRefunds1796032372108,
  Search1796100000000,
  Distribution1796200000000,
];
