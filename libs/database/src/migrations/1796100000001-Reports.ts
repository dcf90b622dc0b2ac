import { MigrationInterface, QueryRunner } from 'typeorm';

/** Reports (issue 18): rollups per business day, their watermark, stored exports; indexes for paid orders and refunds by day, held follow-ups. */
export class Reports1796100000001 implements MigrationInterface {
  name = 'Reports1796100000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE \`report_day\` (
                \`day\` int NOT NULL,
                \`orders\` int NOT NULL DEFAULT '0',
                \`gmv\` bigint NOT NULL DEFAULT '0',
                \`buyers\` int NOT NULL DEFAULT '0',
                \`new_buyers\` int NOT NULL DEFAULT '0',
                \`units\` int NOT NULL DEFAULT '0',
                \`refunds\` int NOT NULL DEFAULT '0',
                \`refund_amount\` bigint NOT NULL DEFAULT '0',
                \`updated_at\` datetime(3) NOT NULL,
                PRIMARY KEY (\`day\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    await queryRunner.query(`
            CREATE TABLE \`report_period\` (
                \`granularity\` varchar(8) NOT NULL,
                \`period_start\` int NOT NULL,
                \`buyers\` int NOT NULL DEFAULT '0',
                \`updated_at\` datetime(3) NOT NULL,
                PRIMARY KEY (\`granularity\`, \`period_start\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    await queryRunner.query(`
            CREATE TABLE \`report_sku_day\` (
                \`day\` int NOT NULL,
                \`sku_id\` int NOT NULL,
                \`product_id\` int NOT NULL,
                \`units\` int NOT NULL DEFAULT '0',
                \`gmv\` bigint NOT NULL DEFAULT '0',
                \`refund_units\` int NOT NULL DEFAULT '0',
                \`refund_amount\` bigint NOT NULL DEFAULT '0',
                INDEX \`idx_report_sku_day_product\` (\`product_id\`, \`day\`),
                PRIMARY KEY (\`day\`, \`sku_id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    await queryRunner.query(`
            CREATE TABLE \`report_rollup_state\` (
                \`id\` int NOT NULL,
                \`order_event_id\` int NOT NULL DEFAULT '0',
                \`refund_event_id\` int NOT NULL DEFAULT '0',
                \`updated_at\` datetime(3) NOT NULL,
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    await queryRunner.query(
      `INSERT INTO \`report_rollup_state\` (\`id\`, \`order_event_id\`, \`refund_event_id\`, \`updated_at\`) VALUES (1, 0, 0, UTC_TIMESTAMP(3))`,
    );
    await queryRunner.query(`
            CREATE TABLE \`report_export\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`admin_id\` int NOT NULL,
                \`kind\` varchar(24) NOT NULL,
                \`params\` text NOT NULL,
                \`status\` varchar(16) NOT NULL,
                \`row_count\` int NOT NULL DEFAULT '0',
                \`bytes\` bigint NOT NULL DEFAULT '0',
                \`last_error\` varchar(500) NULL,
                \`created_at\` datetime(3) NOT NULL,
                \`updated_at\` datetime(3) NOT NULL,
                \`finished_at\` datetime(3) NULL,
                \`expires_at\` datetime(3) NOT NULL,
                INDEX \`idx_report_export_expiry\` (\`expires_at\`),
                INDEX \`idx_report_export_admin\` (\`admin_id\`, \`id\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    await queryRunner.query(`
            CREATE TABLE \`report_export_chunk\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`export_id\` int NOT NULL,
                \`seq\` int NOT NULL,
                \`data\` text NOT NULL,
                UNIQUE INDEX \`uq_report_export_chunk\` (\`export_id\`, \`seq\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    await queryRunner.query(`
            CREATE INDEX \`idx_orders_paid\` ON \`orders\` (\`paid_at\`, \`user_id\`, \`paid_amount\`)
        `);
    await queryRunner.query(`
            CREATE INDEX \`idx_orders_user_paid\` ON \`orders\` (\`user_id\`, \`paid_at\`)
        `);
    await queryRunner.query(`
            CREATE INDEX \`idx_refund_succeeded\` ON \`refund\` (\`succeeded_at\`)
        `);
    await queryRunner.query(`
            CREATE INDEX \`idx_review_follow_up_moderation\` ON \`review\` (\`follow_up_moderation\`)
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`idx_review_follow_up_moderation\` ON \`review\``);
    await queryRunner.query(`DROP INDEX \`idx_refund_succeeded\` ON \`refund\``);
    await queryRunner.query(`DROP INDEX \`idx_orders_user_paid\` ON \`orders\``);
    await queryRunner.query(`DROP INDEX \`idx_orders_paid\` ON \`orders\``);
    await queryRunner.query(`DROP TABLE \`report_export_chunk\``);
    await queryRunner.query(`DROP TABLE \`report_export\``);
    await queryRunner.query(`DROP TABLE \`report_rollup_state\``);
    await queryRunner.query(`DROP TABLE \`report_sku_day\``);
    await queryRunner.query(`DROP TABLE \`report_period\``);
    await queryRunner.query(`DROP TABLE \`report_day\``);
  }
}
