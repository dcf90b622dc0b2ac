import { PartialType } from '@nestjs/swagger';
import { IsBoolean, IsOptional, Matches } from 'class-validator';
import { IsPhone, IsText } from '@app/common';

export class CreateAddressDto {
  /** wx.chooseAddress: userName */
  @IsText(1, 32)
  receiverName!: string;

  /** wx.chooseAddress: telNumber */
  @IsPhone()
  phone!: string;

  /** wx.chooseAddress: provinceName */
  @IsText(1, 32)
  province!: string;

  /** wx.chooseAddress: cityName */
  @IsText(1, 32)
  city!: string;

  /** wx.chooseAddress: countyName */
  @IsText(1, 32)
  district!: string;

  /** wx.chooseAddress: detailInfo */
  @IsText(1, 200)
  detail!: string;

  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'postalCode must be 6 digits' })
  postalCode?: string;

  @IsOptional()
  @IsBoolean()
  isDefault?: boolean;
}

export class UpdateAddressDto extends PartialType(CreateAddressDto) {}
