/** The validated, frozen configuration every module reads. Built once at boot by `loadConfig`. */
export type NodeEnv = 'development' | 'test' | 'production';
export type PaymentProviderName = 'wechat' | 'mock';

export type DatabaseConfig =
  | {
      readonly kind: 'mysql';
      readonly url: string;
      readonly poolSize: number;
      /** `sql_mode` set on every connection (comma-separated); null keeps the server's. */
      readonly sqlMode: string | null;
    }
  | { readonly kind: 'embedded'; readonly file: string };

export interface WechatPayConfig {
  readonly mchId: string;
  readonly serialNo: string;
  /** Merchant private key, PEM text. */
  readonly privateKey: string;
  readonly apiV3Key: string;
  /** Verification keys by `Wechatpay-Serial`: PUB_KEY_ID_... and/or platform certificate serials, PEM text. */
  readonly publicKeys: Readonly<Record<string, string>>;
  readonly notifyBase: string;
  readonly baseUrl: string;
  readonly timeoutMs: number;
}

export interface AppConfig {
  readonly env: NodeEnv;
  readonly port: number;
  readonly host: string;
  readonly logLevel: string;
  /** Request ids on every log line written while serving a request (AsyncLocalStorage); `auto` = where it is cheap. */
  readonly logRequestContext: 'auto' | 'on' | 'off';
  readonly database: DatabaseConfig;
  readonly wechat: {
    readonly appId: string;
    readonly secret: string;
    readonly apiBase: string;
    readonly tokenless: boolean;
    readonly gatewayTrust: boolean;
    readonly timeoutMs: number;
    readonly subscribeTemplates: {
      readonly paid?: string;
      readonly shipped?: string;
      readonly refunded?: string;
    };
  };
  readonly auth: {
    readonly jwtSecret: string;
    readonly jwtTtlSeconds: number;
    readonly devLogin: boolean;
    readonly adminBootstrap?: { readonly username: string; readonly password: string };
  };
  readonly payments: {
    readonly provider: PaymentProviderName;
    readonly wechatPay?: WechatPayConfig;
  };
  readonly business: {
    readonly orderPayMinutes: number;
    readonly orderAutoConfirmDays: number;
    readonly afterSaleDays: number;
    readonly returnShipDays: number;
    readonly afterSaleAutoApprove: boolean;
    readonly shippingFee: number;
    readonly freeShippingThreshold: number;
    readonly lowStockThreshold: number;
  };
  readonly jobs: {
    readonly inProcess: boolean;
    readonly triggerToken?: string;
    readonly pollIntervalMs: number;
  };
  readonly metricsToken?: string;
  readonly demoSeed: boolean;
}
