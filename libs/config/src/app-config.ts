/** The validated, frozen configuration every module reads. Built once at boot by `loadConfig`. */
export type NodeEnv = 'development' | 'test' | 'production';
export type PaymentProviderName = 'wechat' | 'mock';

/** `all`: the whole API; `notify`: only WeChat Pay notifications and health (the public notify service). */
export type ServeMode = 'all' | 'notify';

export interface MysqlConfig {
  readonly kind: 'mysql';
  readonly url: string;
  readonly poolSize: number;
  /** TCP connect + MySQL handshake of a new pool connection. */
  readonly connectTimeoutMs: number;
  /** One statement, client side: the connection is dropped when the server does not answer in time. */
  readonly queryTimeoutMs: number;
  /** Waiting for a pool connection while the server answers nothing (a busy server keeps its queue). */
  readonly acquireTimeoutMs: number;
  /** Requests allowed to wait for a pool connection at once (0 = no limit). */
  readonly queueLimit: number;
  /** `sql_mode` set on every connection (comma-separated); null keeps the server's. */
  readonly sqlMode: string | null;
  /** Read-only instances for catalog, search, review and report reads (empty = every read on the primary). */
  readonly replicas: ReplicaConfig;
}

export interface ReplicaConfig {
  readonly urls: readonly string[];
  /** A replica whose copy of the primary is older than this (heartbeat row) is skipped. */
  readonly maxLagMs: number;
  /** How often each replica's heartbeat is read (and the primary's written); a probe unanswered for two (and 1 s) is down. */
  readonly checkMs: number;
}

export type DatabaseConfig = MysqlConfig | { readonly kind: 'embedded'; readonly file: string };

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
  /** Merchant transfers (commission withdrawals): the scene opened in the merchant platform and what it requires. */
  readonly transfer: WechatTransferConfig;
}

export interface WechatTransferConfig {
  readonly sceneId: string;
  /** `user_recv_perception`: a wording the scene allows (shown to the user). */
  readonly userRecvPerception: string;
  /** `transfer_scene_report_infos` of the scene. */
  readonly reportInfos: readonly { readonly infoType: string; readonly infoContent: string }[];
  /** `transfer_remark` shown on the bill. */
  readonly remark: string;
}

/** A per-client request budget: at most `max` requests per `windowMs`. */
export interface RateLimit {
  readonly max: number;
  readonly windowMs: number;
}

/** scrypt cost parameters for new password hashes (older, cheaper hashes are upgraded at login). */
export interface ScryptCost {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/** Algorithms an existing backend's tokens may use: asymmetric only (a public JWKS cannot verify an HMAC). */
export type ExternalJwtAlgorithm = 'RS256' | 'RS384' | 'RS512' | 'PS256' | 'PS384' | 'PS512' | 'ES256' | 'ES384' | 'ES512' | 'EdDSA';

export interface ExternalIdentityConfig {
  /** Its JWTs are accepted as shopper identity, verified against its JWKS. */
  readonly jwt?: {
    readonly jwksUrl: string;
    readonly issuer: string;
    readonly audience: string;
    readonly algorithms: readonly ExternalJwtAlgorithm[];
    /** A fetched key set is used this long before it is fetched again. */
    readonly jwksMaxAgeMs: number;
    /** An unknown `kid` fetches the key set again at most once per this period. */
    readonly jwksCooldownMs: number;
    readonly jwksTimeoutMs: number;
    /** Leeway for exp/nbf/iat against its clock. */
    readonly clockToleranceSeconds: number;
  };
  /** At WeChat login we tell it the openid/unionid (signed); it answers its user id. */
  readonly loginBridge?: {
    readonly url: string;
    readonly secret: string;
    readonly timeoutMs: number;
  };
}

export interface AppConfig {
  readonly env: NodeEnv;
  readonly serve: ServeMode;
  readonly port: number;
  readonly host: string;
  /** Largest request body in KiB (routes may ask for more with @BodyLimit). */
  readonly bodyLimitKb: number;
  /** SIGTERM: how long running jobs and in-flight requests get before the process exits anyway. */
  readonly shutdownGraceMs: number;
  /** `/docs` (OpenAPI UI and document). */
  readonly docsEnabled: boolean;
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
    /** Admin tokens live shorter than shoppers' and can be revoked (POST /admin/auth/logout). */
    readonly adminJwtTtlSeconds: number;
    /** Failed admin logins per (username, client address) before delays start; the first delay, doubling after. */
    readonly adminLogin: { readonly maxFailures: number; readonly delaySeconds: number };
    /** OWASP baseline (N=2^17, r=8, p=1) everywhere but NODE_ENV=test, where tests log in constantly. */
    readonly scrypt: ScryptCost;
    /** Password hashes computed at once (each takes 128 MiB and a libuv thread at the baseline cost). */
    readonly passwordHashConcurrency: number;
  };
  /** An existing backend this shop joins (README "Identities from an existing backend"); each part is off when unset. */
  readonly externalIdentity: ExternalIdentityConfig;
  /** Per-client request budgets; null = no limit. */
  readonly rateLimits: {
    /** POST /auth/wx-login and /auth/dev-login, per client. */
    readonly login: RateLimit | null;
    /** POST /admin/auth/login, per client. */
    readonly adminLogin: RateLimit | null;
    /** POST /orders, per shopper. */
    readonly orders: RateLimit | null;
  };
  /** Shared state for every instance (rate limits); unset = per instance. */
  readonly redis?: { readonly url: string; readonly keyPrefix: string };
  /** The request header whose right-most entry is the client address (written by the proxy in front of us). */
  readonly clientIpHeader: string;
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
    /** Unpaid orders one shopper may hold at once; 0 = no limit. */
    readonly maxUnpaidOrders: number;
    /** Coupons may bring an order's pay amount to 0 (the order is paid at creation); false keeps it >= 1 fen. */
    readonly allowFreeOrders: boolean;
    /** Paid pick-up orders not collected after this many days are listed for the operator. */
    readonly pickupUnclaimedDays: number;
    readonly customerServicePhone: string;
    readonly customerServiceHours: string;
    /** IANA time zone of the shop's business days (reports, dashboard). */
    readonly shopTimeZone: string;
  };
  readonly reports: {
    /** Exports of at most this many rows stream at once; larger ones run as a job and are fetched when ready. */
    readonly exportDirectMaxRows: number;
    /** Live figures (today, the dashboard) are read at most this often per instance (ms; 0 = every time). */
    readonly liveMaxAgeMs: number;
  };
  /** Content security (libs/moderation): WeChat's msgSecCheck / mediaCheckAsync on user text and images. */
  readonly contentSecurity: {
    /** `wechat`: check with WeChat (fail closed); `off`: publish unchecked (local demo only, refused in production). */
    readonly mode: 'wechat' | 'off';
    /** Identical text (same scene) is not sent to WeChat again within this many seconds: the stored verdict is reused. */
    readonly dedupeSeconds: number;
    /** An image check without WeChat's answer (message push) after this many seconds holds its content for review. */
    readonly mediaTimeoutSeconds: number;
    /** HTTPS hosts user images may come from (besides cloud:// file ids). */
    readonly imageHosts: readonly string[];
    /** Message push (消息推送): Token and EncodingAESKey as set in the mini program admin; unset = not configured. */
    readonly pushToken?: string;
    readonly pushAesKey?: string;
  };
  readonly reviews: {
    /** Days after an order's completion during which its items can be reviewed (and followed up). */
    readonly reviewDays: number;
  };
  /**
   * How often each instance checks the runtime shop settings' version (libs/settings). The business values above are
   * their first defaults: code reads them through SettingsService, never from here.
   */
  readonly settingsRefreshMs: number;
  readonly jobs: {
    readonly inProcess: boolean;
    readonly triggerToken?: string;
    readonly pollIntervalMs: number;
  };
  /**
   * Signed events out (libs/webhooks): each attempt's time bound, how long a delivery is retried before it is given
   * up, after how many consecutive failed attempts an endpoint disables itself, how long a rotated secret keeps
   * signing, and how stale an instance's view of which event types anyone subscribes to may be (another instance's
   * change is seen within that bound; this instance's own at once).
   */
  readonly webhooks: {
    readonly timeoutMs: number;
    readonly retryForSeconds: number;
    readonly disableAfterFailures: number;
    readonly secretOverlapSeconds: number;
    readonly subscriptionsCacheMs: number;
    readonly dispatchEveryMs: number;
  };
  readonly metricsToken?: string;
  readonly demoSeed: boolean;
  /**
   * The in-process read cache of shopper catalog reads (home, categories, listings, product pages, search): at most
   * `maxBytes` (0 = off); emptied when the catalog version another instance bumped is seen (checked at most every
   * `checkMs`); an entry lives at most `maxAgeMs` (stock numbers and sales counts change without a version bump).
   */
  readonly catalogCache: { readonly maxBytes: number; readonly checkMs: number; readonly maxAgeMs: number };
}
