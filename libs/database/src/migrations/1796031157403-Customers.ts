import { MigrationInterface, QueryRunner } from 'typeorm';

/** Customers (issue 18): who disabled or enabled a shopper and why; indexes for the admin search filters. */

export class Customers1796031157403 implements MigrationInterface {
  name = 'Customers1796031157403';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE \`user\`
            ADD \`status_reason\` varchar(200) NULL
        `);
    await queryRunner.query(`
            ALTER TABLE \`user\`
            ADD \`status_changed_at\` datetime(3) NULL
        `);
    await queryRunner.query(`
            ALTER TABLE \`user\`
            ADD \`status_changed_by\` int NULL
        `);
    await queryRunner.query(`
            CREATE INDEX \`idx_user_status\` ON \`user\` (\`status\`, \`id\`)
        `);
    await queryRunner.query(`
            CREATE INDEX \`idx_user_nickname\` ON \`user\` (\`nickname\`)
        `);
    await queryRunner.query(`
            CREATE INDEX \`idx_user_phone\` ON \`user\` (\`phone\`)
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX \`idx_user_phone\` ON \`user\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_user_nickname\` ON \`user\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_user_status\` ON \`user\`
        `);
    await queryRunner.query(`
            ALTER TABLE \`user\` DROP COLUMN \`status_changed_by\`
        `);
    await queryRunner.query(`
            ALTER TABLE \`user\` DROP COLUMN \`status_changed_at\`
        `);
    await queryRunner.query(`
            ALTER TABLE \`user\` DROP COLUMN \`status_reason\`
        `);
  }
}
