import { MigrationInterface, QueryRunner } from 'typeorm';

/** Audit rows of payment and refund state changes (issue 14): who moved them, when and why. */
export class PaymentEvents1796021648595 implements MigrationInterface {
  name = 'PaymentEvents1796021648595';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE \`payment_event\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`from_status\` varchar(24) NULL,
                \`to_status\` varchar(24) NOT NULL,
                \`actor\` varchar(16) NOT NULL,
                \`actor_id\` int NULL,
                \`note\` varchar(255) NOT NULL DEFAULT '',
                \`created_at\` datetime(3) NOT NULL,
                \`payment_id\` int NOT NULL,
                INDEX \`idx_payment_event_payment\` (\`payment_id\`, \`id\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    await queryRunner.query(`
            CREATE TABLE \`refund_event\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`from_status\` varchar(24) NULL,
                \`to_status\` varchar(24) NOT NULL,
                \`actor\` varchar(16) NOT NULL,
                \`actor_id\` int NULL,
                \`note\` varchar(255) NOT NULL DEFAULT '',
                \`created_at\` datetime(3) NOT NULL,
                \`refund_id\` int NOT NULL,
                INDEX \`idx_refund_event_refund\` (\`refund_id\`, \`id\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX \`idx_refund_event_refund\` ON \`refund_event\`
        `);
    await queryRunner.query(`
            DROP TABLE \`refund_event\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_payment_event_payment\` ON \`payment_event\`
        `);
    await queryRunner.query(`
            DROP TABLE \`payment_event\`
        `);
  }
}
