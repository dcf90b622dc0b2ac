import type { Body, Ok } from './api-types';
import type { WxmallClient } from './client';

export type AddressList = Ok<'/api/v1/addresses', 'get'>;
export type Address = Ok<'/api/v1/addresses/{id}', 'get'>;
export type NewAddress = Body<'/api/v1/addresses', 'post'>;
export type AddressChange = Body<'/api/v1/addresses/{id}', 'patch'>;

/** The shopper's address book (`wx.chooseAddress` fields map one to one, see NewAddress). */
export function addressesApi(c: WxmallClient) {
  return {
    list: (): Promise<AddressList> => c.call('get', '/api/v1/addresses'),
    get: (id: number): Promise<Address> => c.call('get', '/api/v1/addresses/{id}', { params: { id } }),
    create: (body: NewAddress): Promise<Ok<'/api/v1/addresses', 'post'>> => c.call('post', '/api/v1/addresses', { body }),
    update: (id: number, body: AddressChange): Promise<Ok<'/api/v1/addresses/{id}', 'patch'>> =>
      c.call('patch', '/api/v1/addresses/{id}', { params: { id }, body }),
    remove: async (id: number): Promise<void> => {
      await c.call('delete', '/api/v1/addresses/{id}', { params: { id } });
    },
  };
}
