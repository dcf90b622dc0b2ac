import { IsText, IsTrackingNo } from '@app/common';
import { IsExpressCompany } from '@app/wechat';

export class ShipOrderDto {
  /** Express company code as WeChat's delivery list names it (e.g. SF, YTO, ZTO, STO, YD, JTSD, JD, EMS). */
  @IsExpressCompany()
  expressCompany!: string;

  @IsTrackingNo()
  trackingNo!: string;
}

export class CancelOrderDto {
  @IsText(1, 200)
  reason!: string;
}
