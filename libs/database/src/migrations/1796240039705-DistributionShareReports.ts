import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Distribution (issue 17), second part: promoters' share code images, the payee's real name of large WeChat
 * transfers, and the indexes of the distribution report (withdrawals applied and paid out in a period).
 */
export class DistributionShareReports1796240039705 implements MigrationInterface {
  name = 'DistributionShareReports1796240039705';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE \`promoter_share_code\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`promoter_id\` int NOT NULL,
                \`seq\` int NOT NULL,
                \`page\` varchar(128) NOT NULL,
                \`chunks\` int NOT NULL,
                \`data\` text NOT NULL,
                \`created_at\` datetime(3) NOT NULL,
                UNIQUE INDEX \`uq_promoter_share_code_chunk\` (\`promoter_id\`, \`seq\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    await queryRunner.query(`
            ALTER TABLE \`withdrawal\`
            ADD \`payee_name\` varchar(64) NULL
        `);
    await queryRunner.query(`
            CREATE INDEX \`idx_withdrawal_created\` ON \`withdrawal\` (\`created_at\`)
        `);
    await queryRunner.query(`
            CREATE INDEX \`idx_withdrawal_status_finished\` ON \`withdrawal\` (\`status\`, \`finished_at\`)
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX \`idx_withdrawal_status_finished\` ON \`withdrawal\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_withdrawal_created\` ON \`withdrawal\`
        `);
    await queryRunner.query(`
            ALTER TABLE \`withdrawal\` DROP COLUMN \`payee_name\`
        `);
    await queryRunner.query(`
            DROP TABLE \`promoter_share_code\`
        `);
  }
}
