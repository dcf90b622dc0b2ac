import { MigrationInterface, QueryRunner } from 'typeorm';

/** Merchant actions on orders (issue 18): who asked for an after-sale refund (buyer or merchant); operators' notes. */

export class MerchantRefunds1796032372108 implements MigrationInterface {
  name = 'MerchantRefunds1796032372108';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE \`order_note\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`order_id\` int NOT NULL,
                \`admin_id\` int NOT NULL,
                \`body\` varchar(500) NOT NULL,
                \`created_at\` datetime(3) NOT NULL,
                INDEX \`idx_order_note_order\` (\`order_id\`, \`id\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    await queryRunner.query(`
            ALTER TABLE \`after_sale\`
            ADD \`initiator\` varchar(16) NOT NULL DEFAULT 'buyer'
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE \`after_sale\` DROP COLUMN \`initiator\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_order_note_order\` ON \`order_note\`
        `);
    await queryRunner.query(`
            DROP TABLE \`order_note\`
        `);
  }
}
