import { IsBoolean, Matches } from 'class-validator';
import { IsPhone, IsText, Optional, PartialDto } from '@app/common';

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

  @Optional()
  @Matches(/^\d{6}$/, { message: 'postalCode must be 6 digits' })
  postalCode?: string;

  @Optional()
  @IsBoolean()
  isDefault?: boolean;
}

export class UpdateAddressDto extends PartialDto(CreateAddressDto) {}

export class AddressView {
  id!: number;
  receiverName!: string;
  phone!: string;
  province!: string;
  city!: string;
  district!: string;
  detail!: string;
  postalCode!: string | null;
  isDefault!: boolean;
  /** Province + city + district + detail, ready to print on a parcel. */
  fullAddress!: string;
}
