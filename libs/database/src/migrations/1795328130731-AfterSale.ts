import { MigrationInterface, QueryRunner } from 'typeorm';

export class AfterSale1795328130731 implements MigrationInterface {
  name = 'AfterSale1795328130731';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE \`after_sale_event\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`after_sale_id\` int NOT NULL,
                \`from_status\` varchar(24) NULL,
                \`to_status\` varchar(24) NOT NULL,
                \`actor\` varchar(16) NOT NULL,
                \`actor_id\` int NULL,
                \`note\` varchar(255) NOT NULL DEFAULT '',
                \`created_at\` datetime(3) NOT NULL,
                INDEX \`idx_after_sale_event_request\` (\`after_sale_id\`, \`id\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    await queryRunner.query(`
            CREATE TABLE \`after_sale_item\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`after_sale_id\` int NOT NULL,
                \`order_item_id\` int NOT NULL,
                \`quantity\` int NOT NULL,
                \`amount\` int NOT NULL DEFAULT '0',
                INDEX \`idx_after_sale_item_order_item\` (\`order_item_id\`),
                INDEX \`idx_after_sale_item_request\` (\`after_sale_id\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    await queryRunner.query(`
            CREATE TABLE \`after_sale\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`after_sale_no\` varchar(32) NOT NULL,
                \`order_id\` int NOT NULL,
                \`order_no\` varchar(32) NOT NULL,
                \`user_id\` int NOT NULL,
                \`type\` varchar(16) NOT NULL,
                \`status\` varchar(24) NOT NULL,
                \`reason\` varchar(32) NOT NULL,
                \`description\` varchar(500) NOT NULL DEFAULT '',
                \`images\` text NOT NULL,
                \`requested_amount\` int NOT NULL DEFAULT '0',
                \`refund_amount\` int NOT NULL DEFAULT '0',
                \`shipping_amount\` int NOT NULL DEFAULT '0',
                \`return_company\` varchar(32) NULL,
                \`return_tracking_no\` varchar(64) NULL,
                \`return_deadline\` datetime(3) NULL,
                \`reject_reason\` varchar(200) NULL,
                \`admin_note\` varchar(200) NULL,
                \`refund_id\` int NULL,
                \`created_at\` datetime(3) NOT NULL,
                \`updated_at\` datetime(3) NOT NULL,
                \`closed_at\` datetime(3) NULL,
                INDEX \`idx_after_sale_status_deadline\` (\`status\`, \`return_deadline\`),
                INDEX \`idx_after_sale_status_created\` (\`status\`, \`created_at\`),
                INDEX \`idx_after_sale_order_no\` (\`order_no\`),
                INDEX \`idx_after_sale_order\` (\`order_id\`),
                INDEX \`idx_after_sale_user\` (\`user_id\`, \`id\`),
                UNIQUE INDEX \`uq_after_sale_no\` (\`after_sale_no\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX \`uq_after_sale_no\` ON \`after_sale\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_after_sale_user\` ON \`after_sale\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_after_sale_order\` ON \`after_sale\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_after_sale_order_no\` ON \`after_sale\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_after_sale_status_created\` ON \`after_sale\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_after_sale_status_deadline\` ON \`after_sale\`
        `);
    await queryRunner.query(`
            DROP TABLE \`after_sale\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_after_sale_item_request\` ON \`after_sale_item\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_after_sale_item_order_item\` ON \`after_sale_item\`
        `);
    await queryRunner.query(`
            DROP TABLE \`after_sale_item\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_after_sale_event_request\` ON \`after_sale_event\`
        `);
    await queryRunner.query(`
            DROP TABLE \`after_sale_event\`
        `);
  }
}
