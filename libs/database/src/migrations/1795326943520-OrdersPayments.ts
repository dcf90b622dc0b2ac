import { MigrationInterface, QueryRunner } from 'typeorm';

export class OrdersPayments1795326943520 implements MigrationInterface {
  name = 'OrdersPayments1795326943520';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE \`cart_item\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`user_id\` int NOT NULL,
                \`sku_id\` int NOT NULL,
                \`quantity\` int NOT NULL,
                \`selected\` tinyint NOT NULL DEFAULT 1,
                \`created_at\` datetime(3) NOT NULL,
                \`updated_at\` datetime(3) NOT NULL,
                UNIQUE INDEX \`uq_cart_item_user_sku\` (\`user_id\`, \`sku_id\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    await queryRunner.query(`
            CREATE TABLE \`order_event\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`order_id\` int NOT NULL,
                \`from_status\` varchar(24) NULL,
                \`to_status\` varchar(24) NOT NULL,
                \`actor\` varchar(16) NOT NULL,
                \`actor_id\` int NULL,
                \`note\` varchar(255) NOT NULL DEFAULT '',
                \`created_at\` datetime(3) NOT NULL,
                INDEX \`idx_order_event_order\` (\`order_id\`, \`id\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    await queryRunner.query(`
            CREATE TABLE \`order_item\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`order_id\` int NOT NULL,
                \`product_id\` int NOT NULL,
                \`sku_id\` int NOT NULL,
                \`title\` varchar(120) NOT NULL,
                \`spec_text\` varchar(120) NOT NULL DEFAULT '',
                \`image\` varchar(512) NOT NULL DEFAULT '',
                \`unit_price\` int NOT NULL DEFAULT '0',
                \`quantity\` int NOT NULL,
                \`line_total\` int NOT NULL DEFAULT '0',
                \`refunded_quantity\` int NOT NULL DEFAULT '0',
                \`refunded_amount\` int NOT NULL DEFAULT '0',
                INDEX \`idx_order_item_order\` (\`order_id\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    await queryRunner.query(`
            CREATE TABLE \`orders\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`order_no\` varchar(32) NOT NULL,
                \`user_id\` int NOT NULL,
                \`status\` varchar(24) NOT NULL,
                \`items_total\` int NOT NULL DEFAULT '0',
                \`shipping_fee\` int NOT NULL DEFAULT '0',
                \`discount_total\` int NOT NULL DEFAULT '0',
                \`pay_amount\` int NOT NULL DEFAULT '0',
                \`paid_amount\` int NOT NULL DEFAULT '0',
                \`refunded_amount\` int NOT NULL DEFAULT '0',
                \`address\` text NOT NULL,
                \`remark\` varchar(200) NOT NULL DEFAULT '',
                \`idempotency_key\` varchar(64) NOT NULL,
                \`request_hash\` varchar(64) NOT NULL,
                \`pay_expires_at\` datetime(3) NOT NULL,
                \`paid_at\` datetime(3) NULL,
                \`shipped_at\` datetime(3) NULL,
                \`completed_at\` datetime(3) NULL,
                \`cancelled_at\` datetime(3) NULL,
                \`cancel_reason\` varchar(200) NULL,
                \`closed_at\` datetime(3) NULL,
                \`created_at\` datetime(3) NOT NULL,
                \`updated_at\` datetime(3) NOT NULL,
                INDEX \`idx_orders_created\` (\`created_at\`),
                INDEX \`idx_orders_status_shipped\` (\`status\`, \`shipped_at\`),
                INDEX \`idx_orders_status_expiry\` (\`status\`, \`pay_expires_at\`),
                INDEX \`idx_orders_user_status\` (\`user_id\`, \`status\`, \`id\`),
                UNIQUE INDEX \`uq_orders_user_idempotency\` (\`user_id\`, \`idempotency_key\`),
                UNIQUE INDEX \`uq_orders_order_no\` (\`order_no\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    await queryRunner.query(`
            CREATE TABLE \`shipment\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`order_id\` int NOT NULL,
                \`express_company\` varchar(32) NOT NULL,
                \`tracking_no\` varchar(64) NOT NULL,
                \`items\` text NOT NULL,
                \`shipped_at\` datetime(3) NOT NULL,
                \`wechat_uploaded_at\` datetime(3) NULL,
                INDEX \`idx_shipment_order\` (\`order_id\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    await queryRunner.query(`
            CREATE TABLE \`payment_notification\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`provider\` varchar(16) NOT NULL,
                \`event_id\` varchar(64) NOT NULL,
                \`event_type\` varchar(32) NOT NULL,
                \`out_trade_no\` varchar(32) NULL,
                \`out_refund_no\` varchar(64) NULL,
                \`outcome\` varchar(16) NOT NULL,
                \`received_at\` datetime(3) NOT NULL,
                INDEX \`idx_payment_notification_trade\` (\`out_trade_no\`),
                UNIQUE INDEX \`uq_payment_notification_event\` (\`event_id\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    await queryRunner.query(`
            CREATE TABLE \`payment\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`order_id\` int NOT NULL,
                \`user_id\` int NOT NULL,
                \`provider\` varchar(16) NOT NULL,
                \`out_trade_no\` varchar(32) NOT NULL,
                \`prepay_id\` varchar(128) NULL,
                \`prepay_expires_at\` datetime(3) NULL,
                \`amount\` int NOT NULL DEFAULT '0',
                \`refunded_amount\` int NOT NULL DEFAULT '0',
                \`status\` varchar(16) NOT NULL,
                \`transaction_id\` varchar(64) NULL,
                \`payer_openid\` varchar(64) NULL,
                \`paid_at\` datetime(3) NULL,
                \`created_at\` datetime(3) NOT NULL,
                \`updated_at\` datetime(3) NOT NULL,
                INDEX \`idx_payment_status_created\` (\`status\`, \`created_at\`),
                UNIQUE INDEX \`uq_payment_transaction\` (\`transaction_id\`),
                UNIQUE INDEX \`uq_payment_out_trade_no\` (\`out_trade_no\`),
                UNIQUE INDEX \`uq_payment_order\` (\`order_id\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    await queryRunner.query(`
            CREATE TABLE \`refund\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`order_id\` int NOT NULL,
                \`payment_id\` int NOT NULL,
                \`after_sale_id\` int NULL,
                \`out_refund_no\` varchar(64) NOT NULL,
                \`amount\` int NOT NULL DEFAULT '0',
                \`reason\` varchar(80) NOT NULL DEFAULT '',
                \`status\` varchar(16) NOT NULL,
                \`wechat_refund_id\` varchar(64) NULL,
                \`late_payment\` tinyint NOT NULL DEFAULT 0,
                \`last_error\` varchar(500) NULL,
                \`succeeded_at\` datetime(3) NULL,
                \`created_at\` datetime(3) NOT NULL,
                \`updated_at\` datetime(3) NOT NULL,
                INDEX \`idx_refund_status_updated\` (\`status\`, \`updated_at\`),
                INDEX \`idx_refund_after_sale\` (\`after_sale_id\`),
                INDEX \`idx_refund_order\` (\`order_id\`),
                INDEX \`idx_refund_payment\` (\`payment_id\`),
                UNIQUE INDEX \`uq_refund_out_refund_no\` (\`out_refund_no\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX \`uq_refund_out_refund_no\` ON \`refund\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_refund_payment\` ON \`refund\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_refund_order\` ON \`refund\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_refund_after_sale\` ON \`refund\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_refund_status_updated\` ON \`refund\`
        `);
    await queryRunner.query(`
            DROP TABLE \`refund\`
        `);
    await queryRunner.query(`
            DROP INDEX \`uq_payment_order\` ON \`payment\`
        `);
    await queryRunner.query(`
            DROP INDEX \`uq_payment_out_trade_no\` ON \`payment\`
        `);
    await queryRunner.query(`
            DROP INDEX \`uq_payment_transaction\` ON \`payment\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_payment_status_created\` ON \`payment\`
        `);
    await queryRunner.query(`
            DROP TABLE \`payment\`
        `);
    await queryRunner.query(`
            DROP INDEX \`uq_payment_notification_event\` ON \`payment_notification\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_payment_notification_trade\` ON \`payment_notification\`
        `);
    await queryRunner.query(`
            DROP TABLE \`payment_notification\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_shipment_order\` ON \`shipment\`
        `);
    await queryRunner.query(`
            DROP TABLE \`shipment\`
        `);
    await queryRunner.query(`
            DROP INDEX \`uq_orders_order_no\` ON \`orders\`
        `);
    await queryRunner.query(`
            DROP INDEX \`uq_orders_user_idempotency\` ON \`orders\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_orders_user_status\` ON \`orders\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_orders_status_expiry\` ON \`orders\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_orders_status_shipped\` ON \`orders\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_orders_created\` ON \`orders\`
        `);
    await queryRunner.query(`
            DROP TABLE \`orders\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_order_item_order\` ON \`order_item\`
        `);
    await queryRunner.query(`
            DROP TABLE \`order_item\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_order_event_order\` ON \`order_event\`
        `);
    await queryRunner.query(`
            DROP TABLE \`order_event\`
        `);
    await queryRunner.query(`
            DROP INDEX \`uq_cart_item_user_sku\` ON \`cart_item\`
        `);
    await queryRunner.query(`
            DROP TABLE \`cart_item\`
        `);
  }
}
