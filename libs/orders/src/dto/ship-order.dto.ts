import { Matches } from 'class-validator';
import { IsText } from '@app/common';

export class ShipOrderDto {
  /** Express company code as WeChat's delivery list names it (e.g. SF, YTO, ZTO, STO, YD, JD, EMS). */
  @IsText(1, 32)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'expressCompany must be a delivery company code such as SF or YTO' })
  expressCompany!: string;

  @IsText(4, 64)
  @Matches(/^[A-Za-z0-9-]+$/, { message: 'trackingNo may contain letters, digits and - only' })
  trackingNo!: string;
}

export class CancelOrderDto {
  @IsText(1, 200)
  reason!: string;
}
