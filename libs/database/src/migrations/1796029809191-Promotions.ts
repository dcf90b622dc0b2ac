import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Coupons (issue 19): templates, issued coupons with their audit rows and per-shopper claim counts; each order item's
 * share of the coupon discount and what was paid for it (existing items: their line total), the order's coupon.
 */
export class Promotions1796029809191 implements MigrationInterface {
  name = 'Promotions1796029809191';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE \`coupon_claim\` (
                \`template_id\` int NOT NULL,
                \`user_id\` int NOT NULL,
                \`claimed\` int NOT NULL DEFAULT '0',
                PRIMARY KEY (\`template_id\`, \`user_id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    await queryRunner.query(`
            CREATE TABLE \`coupon_event\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`from_status\` varchar(24) NULL,
                \`to_status\` varchar(24) NOT NULL,
                \`actor\` varchar(16) NOT NULL,
                \`actor_id\` int NULL,
                \`note\` varchar(255) NOT NULL DEFAULT '',
                \`created_at\` datetime(3) NOT NULL,
                \`coupon_id\` int NOT NULL,
                INDEX \`idx_coupon_event_coupon\` (\`coupon_id\`, \`id\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    await queryRunner.query(`
            CREATE TABLE \`coupon_template\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`name\` varchar(64) NOT NULL,
                \`kind\` varchar(16) NOT NULL,
                \`amount\` int NOT NULL DEFAULT '0',
                \`threshold\` int NOT NULL DEFAULT '0',
                \`rate_percent\` int NULL,
                \`max_discount\` int NULL,
                \`scope\` varchar(16) NOT NULL,
                \`scope_ids\` text NOT NULL,
                \`valid_from\` datetime(3) NULL,
                \`valid_to\` datetime(3) NULL,
                \`valid_days\` int NULL,
                \`total_quantity\` int NOT NULL,
                \`issued_count\` int NOT NULL DEFAULT '0',
                \`per_user_limit\` int NOT NULL,
                \`channel\` varchar(16) NOT NULL,
                \`stackable\` tinyint NOT NULL DEFAULT 0,
                \`status\` varchar(16) NOT NULL,
                \`created_by\` int NULL,
                \`created_at\` datetime(3) NOT NULL,
                \`updated_at\` datetime(3) NOT NULL,
                INDEX \`idx_coupon_template_listing\` (\`status\`, \`channel\`, \`id\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    await queryRunner.query(`
            CREATE TABLE \`coupon\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`template_id\` int NOT NULL,
                \`user_id\` int NOT NULL,
                \`status\` varchar(16) NOT NULL,
                \`valid_from\` datetime(3) NOT NULL,
                \`valid_to\` datetime(3) NOT NULL,
                \`order_id\` int NULL,
                \`used_at\` datetime(3) NULL,
                \`source\` varchar(16) NOT NULL,
                \`created_at\` datetime(3) NOT NULL,
                \`updated_at\` datetime(3) NOT NULL,
                INDEX \`idx_coupon_order\` (\`order_id\`),
                INDEX \`idx_coupon_template_user\` (\`template_id\`, \`user_id\`),
                INDEX \`idx_coupon_user_status\` (\`user_id\`, \`status\`, \`valid_to\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    await queryRunner.query(`
            ALTER TABLE \`order_item\`
            ADD \`discount_amount\` int NOT NULL DEFAULT '0'
        `);
    await queryRunner.query(`
            ALTER TABLE \`order_item\`
            ADD \`paid_amount\` int NOT NULL DEFAULT '0'
        `);
    await queryRunner.query(`
            ALTER TABLE \`orders\`
            ADD \`coupon_id\` int NULL
        `);
    await queryRunner.query(`
            UPDATE \`order_item\` SET \`paid_amount\` = \`line_total\`
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE \`orders\` DROP COLUMN \`coupon_id\`
        `);
    await queryRunner.query(`
            ALTER TABLE \`order_item\` DROP COLUMN \`paid_amount\`
        `);
    await queryRunner.query(`
            ALTER TABLE \`order_item\` DROP COLUMN \`discount_amount\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_coupon_user_status\` ON \`coupon\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_coupon_template_user\` ON \`coupon\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_coupon_order\` ON \`coupon\`
        `);
    await queryRunner.query(`
            DROP TABLE \`coupon\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_coupon_template_listing\` ON \`coupon_template\`
        `);
    await queryRunner.query(`
            DROP TABLE \`coupon_template\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_coupon_event_coupon\` ON \`coupon_event\`
        `);
    await queryRunner.query(`
            DROP TABLE \`coupon_event\`
        `);
    await queryRunner.query(`
            DROP TABLE \`coupon_claim\`
        `);
  }
}
