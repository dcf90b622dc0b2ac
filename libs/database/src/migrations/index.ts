import { Foundation1795323812171 } from './1795323812171-Foundation';
import { Jobs1795324924780 } from './1795324924780-Jobs';
import { Catalog1795326367216 } from './1795326367216-Catalog';
import { OrdersPayments1795326943520 } from './1795326943520-OrdersPayments';
import { AfterSale1795328130731 } from './1795328130731-AfterSale';
import { AuthHardening1796016958595 } from './1796016958595-AuthHardening';
import { PurchaseLimits1796018210353 } from './1796018210353-PurchaseLimits';
import { PaymentEvents1796021648595 } from './1796021648595-PaymentEvents';
import { Promotions1796029809191 } from './1796029809191-Promotions';
import { Reviews1796030000000 } from './1796030000000-Reviews';
import { Pickup1796031337910 } from './1796031337910-Pickup';
import { Search1796100000000 } from './1796100000000-Search';
import { Reports1796100000001 } from './1796100000001-Reports';
import { AdminAudit1796100100000 } from './1796100100000-AdminAudit';
import { ShopSettings1796100200000 } from './1796100200000-ShopSettings';
import { Customers1796100300000 } from './1796100300000-Customers';
import { MerchantRefunds1796100400000 } from './1796100400000-MerchantRefunds';
import { Distribution1796200000000 } from './1796200000000-Distribution';
import { CouponStates1796200100000 } from './1796200100000-CouponStates';
import { ExternalIdentity1796239786550 } from './1796239786550-ExternalIdentity';
import { DistributionShareReports1796240039705 } from './1796240039705-DistributionShareReports';
import { ReplicaHeartbeat1796240100000 } from './1796240100000-ReplicaHeartbeat';
import { Webhooks1796240200000 } from './1796240200000-Webhooks';
import { AdminOrderList1796240300000 } from './1796240300000-AdminOrderList';
import { ReviewsCacheVersion1796240510000 } from './1796240510000-ReviewsCacheVersion';
import { WebhookEventSeq1796240627431 } from './1796240627431-WebhookEventSeq';
import { WebhookClaimToken1796240700000 } from './1796240700000-WebhookClaimToken';

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
  Promotions1796029809191,
  Reviews1796030000000,
  Pickup1796031337910,
  Search1796100000000,
  Reports1796100000001,
  AdminAudit1796100100000,
  ShopSettings1796100200000,
  Customers1796100300000,
  MerchantRefunds1796100400000,
  Distribution1796200000000,
  CouponStates1796200100000,
  ExternalIdentity1796239786550,
  DistributionShareReports1796240039705,
  ReplicaHeartbeat1796240100000,
  Webhooks1796240200000,
  AdminOrderList1796240300000,
  ReviewsCacheVersion1796240510000,
  WebhookEventSeq1796240627431,
  WebhookClaimToken1796240700000,
];
