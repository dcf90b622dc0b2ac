export { WechatModule } from './wechat.module';
export { WechatApiClient, type Code2SessionResult, type PhoneInfo } from './wechat-api.client';
export { WechatApiError, WechatUnavailableError, WX_ERR } from './wechat.errors';
