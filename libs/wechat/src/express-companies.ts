import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsString } from 'class-validator';

/**
 * Delivery companies by the `delivery_id` WeChat's shipping-info service takes as `express_company`
 * (upload_shipping_info; ids from the express service's get_delivery_list, which lists about 1,400,
 * mostly international and regional carriers). This is the subset domestic shops ship with. A shop using
 * another carrier adds its line with the id get_delivery_list returns for it; an id WeChat does not know
 * would make every shipping-info upload of such an order fail.
 */
export const EXPRESS_COMPANIES: Readonly<Record<string, string>> = {
  SF: '顺丰速运',
  JD: '京东快递',
  EMS: 'EMS',
  YZPY: '邮政快递包裹',
  YZBK: '邮政国内标快',
  ZTO: '中通快递',
  YTO: '圆通速递',
  STO: '申通快递',
  YD: '韵达速递',
  JTSD: '极兔速递',
  HTKY: '百世快递',
  HHTT: '天天快递',
  DBL: '德邦快递',
  ZJS: '宅急送',
  UC: '优速快递',
  FWX: '丰网速运',
  ANE: '安能物流',
  ANEKY: '安能快运',
  ZTOKY: '中通快运',
  JDKY: '京东快运',
  DBLKY: '德邦快运',
  BTWL: '百世快运',
  KYSY: '跨越速运',
  SNWL: '苏宁物流',
  YMDD: '壹米滴答',
  SURE: '速尔快递',
  XFEX: '信丰物流',
  GTO: '国通快递',
  QFKD: '全峰快递',
  LB: '龙邦快递',
  ZTKY: '中铁快运',
  RRS: '日日顺物流',
  PJ: '品骏快递',
  JGSD: '京广速递',
  JIUYE: '九曳供应链',
  AXD: '安鲜达',
  UAPEX: '全一快递',
  YCSY: '远成快运',
  HOAU: '天地华宇',
  CND: '承诺达',
  DHL: 'DHL',
  FEDEX: 'FedEx 联邦快递(国内件)',
  UPS: 'UPS',
  TNT: 'TNT',
};

export const EXPRESS_COMPANY_CODES: readonly string[] = Object.keys(EXPRESS_COMPANIES);

/** A delivery company code from EXPRESS_COMPANIES; case-insensitive on input, upper case after. */
export function IsExpressCompany(): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ enum: EXPRESS_COMPANY_CODES, description: "Delivery company: the delivery_id WeChat's shipping-info service takes" }),
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value)),
    IsString(),
    IsIn(EXPRESS_COMPANY_CODES, {
      message: "$property must be a delivery company code from WeChat's list, such as SF, YTO, ZTO, YD or JTSD",
    }),
  );
}
