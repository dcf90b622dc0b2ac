import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Pick-up at a store (issue 19): stores' pick-up settings, the order's delivery mode, each pick-up order's store, collector,
 * verification code and steps with their audit rows, and store staff accounts limited to one store.
 */
export class Pickup1796031337910 implements MigrationInterface {
  name = 'Pickup1796031337910';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE \`order_pickup\` (
                \`order_id\` int NOT NULL,
                \`store_id\` int NOT NULL,
                \`store_name\` varchar(64) NOT NULL,
                \`picker_name\` varchar(32) NOT NULL,
                \`picker_phone\` varchar(20) NOT NULL,
                \`code\` varchar(16) NOT NULL,
                \`status\` varchar(16) NOT NULL,
                \`ready_at\` datetime(3) NULL,
                \`due_at\` datetime(3) NULL,
                \`picked_up_at\` datetime(3) NULL,
                \`wechat_uploaded_at\` datetime(3) NULL,
                \`created_at\` datetime(3) NOT NULL,
                \`updated_at\` datetime(3) NOT NULL,
                INDEX \`idx_order_pickup_store_status\` (\`store_id\`, \`status\`, \`order_id\`),
                INDEX \`idx_order_pickup_status_due\` (\`status\`, \`due_at\`),
                INDEX \`idx_order_pickup_store_code\` (\`store_id\`, \`code\`),
                PRIMARY KEY (\`order_id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    await queryRunner.query(`
            CREATE TABLE \`pickup_event\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`from_status\` varchar(24) NULL,
                \`to_status\` varchar(24) NOT NULL,
                \`actor\` varchar(16) NOT NULL,
                \`actor_id\` int NULL,
                \`note\` varchar(255) NOT NULL DEFAULT '',
                \`created_at\` datetime(3) NOT NULL,
                \`order_id\` int NOT NULL,
                INDEX \`idx_pickup_event_order\` (\`order_id\`, \`id\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    await queryRunner.query(`
            ALTER TABLE \`admin_user\`
            ADD \`store_id\` int NULL
        `);
    await queryRunner.query(`
            ALTER TABLE \`store\`
            ADD \`pickup_enabled\` tinyint NOT NULL DEFAULT 0
        `);
    await queryRunner.query(`
            ALTER TABLE \`store\`
            ADD \`pickup_hours\` varchar(64) NOT NULL DEFAULT ''
        `);
    await queryRunner.query(`
            ALTER TABLE \`store\`
            ADD \`pickup_prep_minutes\` int NOT NULL DEFAULT '0'
        `);
    await queryRunner.query(`
            ALTER TABLE \`orders\`
            ADD \`delivery_mode\` varchar(16) NOT NULL DEFAULT 'delivery'
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE \`orders\` DROP COLUMN \`delivery_mode\`
        `);
    await queryRunner.query(`
            ALTER TABLE \`store\` DROP COLUMN \`pickup_prep_minutes\`
        `);
    await queryRunner.query(`
            ALTER TABLE \`store\` DROP COLUMN \`pickup_hours\`
        `);
    await queryRunner.query(`
            ALTER TABLE \`store\` DROP COLUMN \`pickup_enabled\`
        `);
    await queryRunner.query(`
            ALTER TABLE \`admin_user\` DROP COLUMN \`store_id\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_pickup_event_order\` ON \`pickup_event\`
        `);
    await queryRunner.query(`
            DROP TABLE \`pickup_event\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_order_pickup_store_code\` ON \`order_pickup\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_order_pickup_status_due\` ON \`order_pickup\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_order_pickup_store_status\` ON \`order_pickup\`
        `);
    await queryRunner.query(`
            DROP TABLE \`order_pickup\`
        `);
  }
}
