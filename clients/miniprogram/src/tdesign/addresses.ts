import type { Address } from '../addresses';
import type { AdapterContext } from './context';

/** The starter's address model (the fields its list and edit pages read and write). */
export interface StarterAddress {
  id?: string | number;
  addressId?: string | number;
  name: string;
  phone?: string;
  phoneNumber?: string;
  provinceName: string;
  cityName: string;
  districtName: string;
  detailAddress: string;
  isDefault?: number | boolean;
  addressTag?: string;
  postalCode?: string;
}

export function toStarterAddress(a: Address) {
  const id = String(a.id);
  return {
    saasId: '',
    uid: '',
    authToken: null,
    id,
    addressId: id,
    phone: a.phone,
    name: a.receiverName,
    countryName: '中国',
    countryCode: 'chn',
    provinceName: a.province,
    provinceCode: '',
    cityName: a.city,
    cityCode: '',
    districtName: a.district,
    districtCode: '',
    detailAddress: a.detail,
    isDefault: a.isDefault ? 1 : 0,
    addressTag: '',
    latitude: '',
    longitude: '',
    storeId: null,
  };
}

export type StarterAddressView = ReturnType<typeof toStarterAddress>;

/** The list page's extra fields. */
export const toAddressListItem = (a: Address) => {
  const s = toStarterAddress(a);
  return { ...s, phoneNumber: s.phone, address: `${a.province}${a.city}${a.district}${a.detail}`, tag: s.addressTag };
};

export function addressModules(ctx: AdapterContext) {
  return {
    'address/fetchAddress': {
      fetchDeliveryAddress: async (id: string | number = 0) => toStarterAddress(await ctx.sdk.addresses.get(Number(id))),
      /** The shopper's addresses (`len` was the mock's list length: ignored). */
      fetchDeliveryAddressList: async (_len = 10) => {
        const list: Address[] = await ctx.sdk.addresses.list();
        return list.map(toAddressListItem);
      },
    },
    // Not in the starter's services/: the edit page's save and the list's delete only change page state there.
    'wxmall/address': {
      /** Creates the address, or updates it when it has an id; answers it in the starter's model. */
      async saveDeliveryAddress(a: StarterAddress) {
        const body = {
          receiverName: a.name,
          phone: a.phone ?? a.phoneNumber ?? '',
          province: a.provinceName,
          city: a.cityName,
          district: a.districtName,
          detail: a.detailAddress,
          ...(a.postalCode ? { postalCode: a.postalCode } : {}),
          ...(a.isDefault === undefined ? {} : { isDefault: a.isDefault === 1 || a.isDefault === true }),
        };
        const id = a.id ?? a.addressId;
        const saved = id ? await ctx.sdk.addresses.update(Number(id), body) : await ctx.sdk.addresses.create(body);
        return toStarterAddress(saved);
      },
      deleteDeliveryAddress: (id: string | number) => ctx.sdk.addresses.remove(Number(id)),
    },
  };
}
