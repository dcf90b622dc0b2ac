import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The admin order list by status, newest first, on a year of orders (issue 20): without (status, id) MariaDB walked the
 * primary key backwards and filtered, or read every order of the status and sorted (0.6 s for "completed" at
 * 1,000,000 orders; docs/benchmark.md "Growth").
 */
export class AdminOrderList1796240300000 implements MigrationInterface {
  name = 'AdminOrderList1796240300000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE INDEX \`idx_orders_status_id\` ON \`orders\` (\`status\`, \`id\`)
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX \`idx_orders_status_id\` ON \`orders\`
        `);
  }
}
