import { MigrationInterface, QueryRunner } from 'typeorm';

/** Signed events out (issue 21): endpoints, the events sent, one delivery per event and endpoint. */
export class Webhooks1796240200000 implements MigrationInterface {
  name = 'Webhooks1796240200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE \`webhook_endpoint\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`url\` varchar(512) NOT NULL,
                \`description\` varchar(200) NOT NULL DEFAULT '',
                \`event_types\` text NOT NULL,
                \`secret\` varchar(96) NOT NULL,
                \`previous_secret\` varchar(96) NULL,
                \`previous_secret_until\` datetime(3) NULL,
                \`enabled\` tinyint NOT NULL DEFAULT 1,
                \`disabled_reason\` varchar(255) NULL,
                \`disabled_at\` datetime(3) NULL,
                \`consecutive_failures\` int NOT NULL DEFAULT '0',
                \`created_at\` datetime(3) NOT NULL,
                \`updated_at\` datetime(3) NOT NULL,
                INDEX \`idx_webhook_endpoint_enabled\` (\`enabled\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    await queryRunner.query(`
            CREATE TABLE \`webhook_event\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`uid\` varchar(36) NOT NULL,
                \`seq\` int NOT NULL,
                \`type\` varchar(32) NOT NULL,
                \`resource_key\` varchar(64) NOT NULL,
                \`data\` text NOT NULL,
                \`occurred_at\` datetime(3) NOT NULL,
                UNIQUE INDEX \`uq_webhook_event_uid\` (\`uid\`),
                INDEX \`idx_webhook_event_occurred\` (\`occurred_at\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    await queryRunner.query(`
            CREATE TABLE \`webhook_delivery\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`event_id\` int NOT NULL,
                \`endpoint_id\` int NOT NULL,
                \`resource_key\` varchar(64) NOT NULL,
                \`seq\` int NOT NULL,
                \`status\` varchar(16) NOT NULL,
                \`attempts\` int NOT NULL DEFAULT '0',
                \`next_attempt_at\` datetime(3) NOT NULL,
                \`locked_until\` datetime(3) NULL,
                \`retry_since\` datetime(3) NOT NULL,
                \`last_attempt_at\` datetime(3) NULL,
                \`response_code\` int NULL,
                \`latency_ms\` int NULL,
                \`last_error\` varchar(255) NULL,
                \`delivered_at\` datetime(3) NULL,
                \`created_at\` datetime(3) NOT NULL,
                \`updated_at\` datetime(3) NOT NULL,
                UNIQUE INDEX \`uq_webhook_delivery_event_endpoint\` (\`event_id\`, \`endpoint_id\`),
                INDEX \`idx_webhook_delivery_due\` (\`status\`, \`next_attempt_at\`),
                INDEX \`idx_webhook_delivery_resource\` (\`endpoint_id\`, \`resource_key\`, \`status\`, \`seq\`),
                INDEX \`idx_webhook_delivery_endpoint_log\` (\`endpoint_id\`, \`created_at\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE \`webhook_delivery\``);
    await queryRunner.query(`DROP TABLE \`webhook_event\``);
    await queryRunner.query(`DROP TABLE \`webhook_endpoint\``);
  }
}
