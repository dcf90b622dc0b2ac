import type { Body, Ok } from './api-types';
import type { WxmallClient } from './client';

export type Profile = Ok<'/api/v1/me', 'get'>;
export type ProfileChange = Body<'/api/v1/me', 'patch'>;

/** The shopper: profile, and the phone number from `<button open-type="getPhoneNumber">`. */
export function profileApi(c: WxmallClient) {
  return {
    get: (): Promise<Profile> => c.call('get', '/api/v1/me'),
    update: (body: ProfileChange): Promise<Ok<'/api/v1/me', 'patch'>> => c.call('patch', '/api/v1/me', { body }),
    /** Binds the phone number: pass the `code` of the getPhoneNumber event. */
    bindPhone: (code: string): Promise<Ok<'/api/v1/me/phone', 'post'>> => c.call('post', '/api/v1/me/phone', { body: { code } }),
  };
}
