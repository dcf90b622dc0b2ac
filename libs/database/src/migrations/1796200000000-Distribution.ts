import { MigrationInterface, QueryRunner } from 'typeorm';

/** Distribution (issue 17): settings and their audit, promoters, bindings, commissions, the promoter ledger, withdrawals. */
export class Distribution1796200000000 implements MigrationInterface {
  name = 'Distribution1796200000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE \`distribution_binding\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`user_id\` int NOT NULL,
                \`promoter_id\` int NOT NULL,
                \`bound_at\` datetime(3) NOT NULL,
                \`expires_at\` datetime(3) NULL,
                \`created_at\` datetime(3) NOT NULL,
                \`updated_at\` datetime(3) NOT NULL,
                INDEX \`idx_distribution_binding_promoter\` (\`promoter_id\`, \`bound_at\`),
                UNIQUE INDEX \`uq_distribution_binding_user\` (\`user_id\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    await queryRunner.query(`
            CREATE TABLE \`distribution_binding_change\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`user_id\` int NOT NULL,
                \`from_promoter_id\` int NULL,
                \`to_promoter_id\` int NULL,
                \`actor\` varchar(16) NOT NULL,
                \`actor_id\` int NULL,
                \`reason\` varchar(255) NOT NULL DEFAULT '',
                \`created_at\` datetime(3) NOT NULL,
                INDEX \`idx_distribution_binding_change_user\` (\`user_id\`, \`id\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    await queryRunner.query(`
            CREATE TABLE \`commission_rule\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`product_id\` int NOT NULL,
                \`sku_id\` int NOT NULL DEFAULT '0',
                \`mode\` varchar(16) NOT NULL,
                \`level1\` int NOT NULL DEFAULT '0',
                \`level2\` int NOT NULL DEFAULT '0',
                \`updated_at\` datetime(3) NOT NULL,
                UNIQUE INDEX \`uq_commission_rule_product_sku\` (\`product_id\`, \`sku_id\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    await queryRunner.query(`
            CREATE TABLE \`commission\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`promoter_id\` int NOT NULL,
                \`order_id\` int NOT NULL,
                \`order_item_id\` int NOT NULL,
                \`buyer_user_id\` int NOT NULL,
                \`level\` tinyint NOT NULL,
                \`base_amount\` int NOT NULL DEFAULT '0',
                \`quantity\` int NOT NULL,
                \`rule_mode\` varchar(16) NOT NULL,
                \`rule_value\` int NOT NULL,
                \`initial_amount\` int NOT NULL DEFAULT '0',
                \`amount\` int NOT NULL DEFAULT '0',
                \`status\` varchar(16) NOT NULL,
                \`order_completed_at\` datetime(3) NULL,
                \`settled_at\` datetime(3) NULL,
                \`created_at\` datetime(3) NOT NULL,
                \`updated_at\` datetime(3) NOT NULL,
                INDEX \`idx_commission_created\` (\`created_at\`),
                INDEX \`idx_commission_status_completed\` (\`status\`, \`order_completed_at\`),
                INDEX \`idx_commission_promoter_created\` (\`promoter_id\`, \`created_at\`),
                INDEX \`idx_commission_order\` (\`order_id\`),
                UNIQUE INDEX \`uq_commission_item_level\` (\`order_item_id\`, \`level\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    await queryRunner.query(`
            CREATE TABLE \`distribution_settings\` (
                \`id\` int NOT NULL,
                \`document\` text NOT NULL,
                \`version\` int NOT NULL DEFAULT '0',
                \`updated_at\` datetime(3) NOT NULL,
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    await queryRunner.query(`
            CREATE TABLE \`distribution_settings_change\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`admin_id\` int NOT NULL,
                \`reason\` varchar(255) NOT NULL,
                \`before_doc\` text NOT NULL,
                \`after_doc\` text NOT NULL,
                \`version\` int NOT NULL,
                \`created_at\` datetime(3) NOT NULL,
                INDEX \`idx_distribution_settings_change_created\` (\`created_at\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    await queryRunner.query(`
            CREATE TABLE \`promoter\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`user_id\` int NOT NULL,
                \`code\` varchar(16) NOT NULL,
                \`status\` varchar(16) NOT NULL,
                \`note\` varchar(255) NOT NULL DEFAULT '',
                \`frozen\` int NOT NULL DEFAULT '0',
                \`withdrawable\` int NOT NULL DEFAULT '0',
                \`withdrawing\` int NOT NULL DEFAULT '0',
                \`withdrawn\` int NOT NULL DEFAULT '0',
                \`total_earned\` int NOT NULL DEFAULT '0',
                \`created_at\` datetime(3) NOT NULL,
                \`approved_at\` datetime(3) NULL,
                \`updated_at\` datetime(3) NOT NULL,
                INDEX \`idx_promoter_status_created\` (\`status\`, \`created_at\`),
                UNIQUE INDEX \`uq_promoter_code\` (\`code\`),
                UNIQUE INDEX \`uq_promoter_user\` (\`user_id\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    await queryRunner.query(`
            CREATE TABLE \`promoter_event\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`from_status\` varchar(24) NULL,
                \`to_status\` varchar(24) NOT NULL,
                \`actor\` varchar(16) NOT NULL,
                \`actor_id\` int NULL,
                \`note\` varchar(255) NOT NULL DEFAULT '',
                \`created_at\` datetime(3) NOT NULL,
                \`promoter_id\` int NOT NULL,
                INDEX \`idx_promoter_event_promoter\` (\`promoter_id\`, \`id\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    await queryRunner.query(`
            CREATE TABLE \`promoter_ledger\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`promoter_id\` int NOT NULL,
                \`type\` varchar(24) NOT NULL,
                \`frozen_delta\` int NOT NULL DEFAULT '0',
                \`withdrawable_delta\` int NOT NULL DEFAULT '0',
                \`withdrawing_delta\` int NOT NULL DEFAULT '0',
                \`withdrawn_delta\` int NOT NULL DEFAULT '0',
                \`total_delta\` int NOT NULL DEFAULT '0',
                \`ref_type\` varchar(16) NOT NULL,
                \`ref_id\` int NOT NULL,
                \`note\` varchar(255) NOT NULL DEFAULT '',
                \`created_at\` datetime(3) NOT NULL,
                INDEX \`idx_promoter_ledger_ref\` (\`ref_type\`, \`ref_id\`),
                INDEX \`idx_promoter_ledger_promoter\` (\`promoter_id\`, \`id\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    await queryRunner.query(`
            CREATE TABLE \`withdrawal\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`withdrawal_no\` varchar(32) NOT NULL,
                \`promoter_id\` int NOT NULL,
                \`user_id\` int NOT NULL,
                \`channel\` varchar(16) NOT NULL,
                \`amount\` int NOT NULL DEFAULT '0',
                \`fee\` int NOT NULL DEFAULT '0',
                \`payout\` int NOT NULL DEFAULT '0',
                \`status\` varchar(16) NOT NULL,
                \`attempt\` int NOT NULL DEFAULT '1',
                \`out_bill_no\` varchar(32) NOT NULL,
                \`transfer_bill_no\` varchar(64) NULL,
                \`transfer_state\` varchar(24) NULL,
                \`package_info\` varchar(1024) NULL,
                \`fail_reason\` varchar(255) NULL,
                \`reject_reason\` varchar(255) NULL,
                \`manual_reference\` varchar(128) NULL,
                \`created_at\` datetime(3) NOT NULL,
                \`updated_at\` datetime(3) NOT NULL,
                \`finished_at\` datetime(3) NULL,
                INDEX \`idx_withdrawal_status_updated\` (\`status\`, \`updated_at\`),
                INDEX \`idx_withdrawal_promoter_created\` (\`promoter_id\`, \`created_at\`),
                UNIQUE INDEX \`uq_withdrawal_out_bill_no\` (\`out_bill_no\`),
                UNIQUE INDEX \`uq_withdrawal_no\` (\`withdrawal_no\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    await queryRunner.query(`
            CREATE TABLE \`withdrawal_event\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`from_status\` varchar(24) NULL,
                \`to_status\` varchar(24) NOT NULL,
                \`actor\` varchar(16) NOT NULL,
                \`actor_id\` int NULL,
                \`note\` varchar(255) NOT NULL DEFAULT '',
                \`created_at\` datetime(3) NOT NULL,
                \`withdrawal_id\` int NOT NULL,
                INDEX \`idx_withdrawal_event_withdrawal\` (\`withdrawal_id\`, \`id\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    await queryRunner.query(`
            CREATE TABLE \`transfer_notification\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`event_id\` varchar(64) NOT NULL,
                \`out_bill_no\` varchar(32) NOT NULL,
                \`state\` varchar(24) NOT NULL,
                \`received_at\` datetime(3) NOT NULL,
                UNIQUE INDEX \`uq_transfer_notification_event\` (\`event_id\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX \`uq_transfer_notification_event\` ON \`transfer_notification\`
        `);
    await queryRunner.query(`
            DROP TABLE \`transfer_notification\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_withdrawal_event_withdrawal\` ON \`withdrawal_event\`
        `);
    await queryRunner.query(`
            DROP TABLE \`withdrawal_event\`
        `);
    await queryRunner.query(`
            DROP INDEX \`uq_withdrawal_no\` ON \`withdrawal\`
        `);
    await queryRunner.query(`
            DROP INDEX \`uq_withdrawal_out_bill_no\` ON \`withdrawal\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_withdrawal_promoter_created\` ON \`withdrawal\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_withdrawal_status_updated\` ON \`withdrawal\`
        `);
    await queryRunner.query(`
            DROP TABLE \`withdrawal\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_promoter_ledger_promoter\` ON \`promoter_ledger\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_promoter_ledger_ref\` ON \`promoter_ledger\`
        `);
    await queryRunner.query(`
            DROP TABLE \`promoter_ledger\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_promoter_event_promoter\` ON \`promoter_event\`
        `);
    await queryRunner.query(`
            DROP TABLE \`promoter_event\`
        `);
    await queryRunner.query(`
            DROP INDEX \`uq_promoter_user\` ON \`promoter\`
        `);
    await queryRunner.query(`
            DROP INDEX \`uq_promoter_code\` ON \`promoter\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_promoter_status_created\` ON \`promoter\`
        `);
    await queryRunner.query(`
            DROP TABLE \`promoter\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_distribution_settings_change_created\` ON \`distribution_settings_change\`
        `);
    await queryRunner.query(`
            DROP TABLE \`distribution_settings_change\`
        `);
    await queryRunner.query(`
            DROP TABLE \`distribution_settings\`
        `);
    await queryRunner.query(`
            DROP INDEX \`uq_commission_item_level\` ON \`commission\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_commission_order\` ON \`commission\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_commission_promoter_created\` ON \`commission\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_commission_status_completed\` ON \`commission\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_commission_created\` ON \`commission\`
        `);
    await queryRunner.query(`
            DROP TABLE \`commission\`
        `);
    await queryRunner.query(`
            DROP INDEX \`uq_commission_rule_product_sku\` ON \`commission_rule\`
        `);
    await queryRunner.query(`
            DROP TABLE \`commission_rule\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_distribution_binding_change_user\` ON \`distribution_binding_change\`
        `);
    await queryRunner.query(`
            DROP TABLE \`distribution_binding_change\`
        `);
    await queryRunner.query(`
            DROP INDEX \`uq_distribution_binding_user\` ON \`distribution_binding\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_distribution_binding_promoter\` ON \`distribution_binding\`
        `);
    await queryRunner.query(`
            DROP TABLE \`distribution_binding\`
        `);
  }
}
