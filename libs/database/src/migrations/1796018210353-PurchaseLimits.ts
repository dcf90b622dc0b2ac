import { MigrationInterface, QueryRunner } from 'typeorm';

/** Per-product purchase limits (issue 13): units per order and per shopper; NULL = no limit. */
export class PurchaseLimits1796018210353 implements MigrationInterface {
  name = 'PurchaseLimits1796018210353';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE \`product\`
            ADD \`limit_per_order\` int NULL,
            ADD \`limit_per_user\` int NULL
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE \`product\` DROP COLUMN \`limit_per_user\`, DROP COLUMN \`limit_per_order\`
        `);
  }
}
