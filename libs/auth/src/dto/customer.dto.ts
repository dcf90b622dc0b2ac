import { IsIn, Matches } from 'class-validator';
import { IsText, Optional, PageOf, PageQuery } from '@app/common';

export class CustomerListQuery extends PageQuery {
  /** Nickname starting with this. */
  @Optional()
  @IsText(1, 64)
  nickname?: string;

  /** The whole phone number. */
  @Optional()
  @Matches(/^\+?[0-9]{5,20}$/, { message: 'phone must be the whole number, digits only' })
  phone?: string;

  /** The whole openid. */
  @Optional()
  @IsText(1, 64)
  openid?: string;

  /** The whole user id at the existing backend (README "Identities from an existing backend"). */
  @Optional()
  @IsText(1, 128)
  externalId?: string;

  @Optional()
  @IsIn(['active', 'disabled'])
  status?: 'active' | 'disabled';
}

export class CustomerStatusDto {
  /** Why (kept on the shopper and in the audit log). */
  @IsText(1, 200)
  reason!: string;
}

export class CustomerView {
  id!: number;
  /** Masked: the first and last four characters; null for a shopper known only by an existing backend's token. */
  openid!: string | null;
  nickname!: string;
  avatarUrl!: string;
  /** Masked (138****8000); null when none is bound. */
  phone!: string | null;
  status!: 'active' | 'disabled';
  /** Orders that were paid. */
  orderCount!: number;
  /** Paid less refunded, fen. */
  totalSpent!: number;
  lastOrderAt!: string | null;
  createdAt!: string;
  lastSeenAt!: string | null;
}

export class CustomerPage extends PageOf(CustomerView) {}

export class CustomerOrderView {
  id!: number;
  orderNo!: string;
  status!: string;
  payAmount!: number;
  paidAmount!: number;
  refundedAmount!: number;
  createdAt!: string;
}

export class CustomerAfterSaleView {
  id!: number;
  afterSaleNo!: string;
  orderId!: number;
  orderNo!: string;
  type!: string;
  status!: string;
  refundAmount!: number;
  createdAt!: string;
}

export class CustomerDetailView extends CustomerView {
  /** The shopper's user id at the existing backend (its token's sub, or the login bridge's answer); null when not linked. */
  externalId!: string | null;
  /** Why the account was last disabled or enabled. */
  statusReason!: string | null;
  statusChangedAt!: string | null;
  /** The admin who last changed the status. */
  statusChangedBy!: number | null;
  /** The latest 20 orders, newest first (all of them: GET /admin/orders?userId=). */
  orders!: CustomerOrderView[];
  /** The latest 20 after-sale requests, newest first. */
  afterSales!: CustomerAfterSaleView[];
}
