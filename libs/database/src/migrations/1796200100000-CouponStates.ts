import { MigrationInterface, QueryRunner } from 'typeorm';

/** The admin coupon list filters by state, alone or with a template (issue 19): indexes ending in id for its order. */
export class CouponStates1796200100000 implements MigrationInterface {
  name = 'CouponStates1796200100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE INDEX \`idx_coupon_template_status\` ON \`coupon\` (\`template_id\`, \`status\`, \`id\`)
        `);
    await queryRunner.query(`
            CREATE INDEX \`idx_coupon_status\` ON \`coupon\` (\`status\`, \`id\`)
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX \`idx_coupon_status\` ON \`coupon\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_coupon_template_status\` ON \`coupon\`
        `);
  }
}
