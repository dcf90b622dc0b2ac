import { type AfterSaleType } from '@app/after-sale';
import { AFTER_SALE_REASONS, AFTER_SALE_STATUSES } from '@app/after-sale/testing';
import { type OrderAction } from '@app/orders';
import { ORDER_STATUSES } from '@app/orders/testing';
import { EXPRESS_COMPANIES } from '@app/wechat/testing';
import {
  AFTER_SALE_ACTION_BUTTON,
  AFTER_SALE_TYPE,
  COMMIT_ERROR_CODE,
  EXPRESS_COMPANY_NAMES,
  ORDER_ACTION_BUTTON,
  ORDER_COUNT_TABS,
  ORDER_STATUS,
  ORDER_STATUS_FILTER,
  RECEIPT_REASONS,
  RIGHTS_STATES,
  RIGHTS_STATUS_FILTER,
  RIGHTS_TYPE,
  USER_CENTER_TILES,
} from '../../clients/miniprogram/src/tdesign';
import { rightsStatusOf } from '../../clients/miniprogram/src/tdesign/after-sales';

// The starter's vocabularies (tdesign-starter-contract.md §2.11-2.13).
const STARTER_ORDER_STATUS = [5, 10, 40, 50, 80];
const STARTER_ORDER_BUTTONS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 11];
const STARTER_RIGHTS_STATUS = [10, 20, 30, 40, 50, 60];
const STARTER_USER_RIGHTS_STATUS = [100, 110, 120, 130, 140, 150, 160, 170];
const STARTER_SERVICE_BUTTONS = [2, 3, 4, 5];
// Every value of wxmall's unions, checked complete by the compiler.
const ORDER_ACTIONS = Object.keys({ pay: 1, cancel: 1, confirm_receipt: 1, apply_after_sale: 1, review: 1, rebuy: 1 } satisfies Record<
  OrderAction,
  1
>);
const AFTER_SALE_TYPES = Object.keys({ refund_only: 1, return_refund: 1 } satisfies Record<AfterSaleType, 1>) as AfterSaleType[];

/** The adapter's status tables walked with every value wxmall has. */
describe('TDesign status tables', () => {
  it('map every order status to a starter status, and each list filter back to it', () => {
    for (const s of ORDER_STATUSES) {
      expect(STARTER_ORDER_STATUS).toContain(ORDER_STATUS[s].code);
      expect(ORDER_STATUS[s].name).not.toBe('');
    }
    for (const [code, status] of Object.entries(ORDER_STATUS_FILTER)) expect(ORDER_STATUS[status].code).toBe(Number(code));
    expect(
      Object.keys(ORDER_STATUS_FILTER)
        .map(Number)
        .sort((a, b) => a - b),
    ).toEqual(STARTER_ORDER_STATUS);
    for (const tab of ORDER_COUNT_TABS) expect(ORDER_STATUS[tab.status].code).toBe(tab.tabType);
    expect(USER_CENTER_TILES.map((x) => x.tabType)).toEqual([5, 10, 40, 60, 0]);
  });

  it('map every order action to a starter button', () => {
    for (const a of ORDER_ACTIONS) expect(STARTER_ORDER_BUTTONS).toContain(ORDER_ACTION_BUTTON[a]?.type);
    expect(ORDER_ACTION_BUTTON.apply_after_sale!.level).toBe('item');
  });

  it('map every after-sale status and type to both starter codes, each shown by one list tab and one badge', () => {
    const seen = new Set<number>();
    for (const status of AFTER_SALE_STATUSES) {
      for (const type of AFTER_SALE_TYPES) {
        for (const events of [[], [{ fromStatus: 'returning', toStatus: status }]]) {
          const st = rightsStatusOf({ status, type, events } as never);
          expect(STARTER_RIGHTS_STATUS).toContain(st.rightsStatus);
          expect(STARTER_USER_RIGHTS_STATUS).toContain(st.userRightsStatus);
          expect(st.name).not.toBe('');
          seen.add(st.rightsStatus);
        }
      }
    }
    expect(
      rightsStatusOf({ status: 'rejected', type: 'return_refund', events: [{ fromStatus: 'returning', toStatus: 'rejected' }] } as never),
    ).toMatchObject({
      rightsStatus: 40,
      userRightsStatus: 150,
    });
    for (const code of seen) {
      expect(Object.values(RIGHTS_STATUS_FILTER).some((codes) => codes.includes(code))).toBe(true);
      expect(Object.values(RIGHTS_STATES).filter((codes) => codes.includes(code))).toHaveLength(1);
    }
    for (const type of AFTER_SALE_TYPES) expect(RIGHTS_TYPE[AFTER_SALE_TYPE[type].rightsType]).toBe(type);
    for (const b of Object.values(AFTER_SALE_ACTION_BUTTON)) expect(STARTER_SERVICE_BUTTONS).toContain(b.type);
  });

  it('offer every reason wxmall takes, and only those', () => {
    const codes = AFTER_SALE_REASONS.map((r) => r.code as string);
    const offered = Object.values(RECEIPT_REASONS).flat();
    expect(offered.every((c) => codes.includes(c))).toBe(true);
    expect(codes.every((c) => offered.includes(c))).toBe(true);
  });

  it('name every carrier wxmall accepts, and map order refusals to the confirm page codes', () => {
    // The SDK cannot import the service's table: its copy must stay the same.
    expect(EXPRESS_COMPANY_NAMES).toEqual(EXPRESS_COMPANIES);
    for (const code of Object.values(COMMIT_ERROR_CODE)) expect(['CONTAINS_INSUFFICIENT_GOODS', 'TOTAL_AMOUNT_DIFFERENT']).toContain(code);
  });
});
