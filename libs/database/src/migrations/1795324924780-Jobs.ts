import { MigrationInterface, QueryRunner } from 'typeorm';

export class Jobs1795324924780 implements MigrationInterface {
  name = 'Jobs1795324924780';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE \`job_schedule\` (
                \`name\` varchar(64) NOT NULL,
                \`next_run_at\` datetime(3) NOT NULL,
                \`locked_by\` varchar(96) NULL,
                \`last_run_at\` datetime(3) NULL,
                PRIMARY KEY (\`name\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    await queryRunner.query(`
            CREATE TABLE \`job\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`type\` varchar(64) NOT NULL,
                \`payload\` text NOT NULL,
                \`dedupe_key\` varchar(128) NULL,
                \`status\` varchar(16) NOT NULL,
                \`run_at\` datetime(3) NOT NULL,
                \`attempts\` int NOT NULL DEFAULT '0',
                \`max_attempts\` int NOT NULL,
                \`locked_by\` varchar(96) NULL,
                \`locked_until\` datetime(3) NULL,
                \`last_error\` text NULL,
                \`created_at\` datetime(3) NOT NULL,
                \`updated_at\` datetime(3) NOT NULL,
                \`finished_at\` datetime(3) NULL,
                UNIQUE INDEX \`uq_job_dedupe_key\` (\`dedupe_key\`),
                INDEX \`idx_job_type_status\` (\`type\`, \`status\`),
                INDEX \`idx_job_claim\` (\`status\`, \`run_at\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX \`idx_job_claim\` ON \`job\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_job_type_status\` ON \`job\`
        `);
    await queryRunner.query(`
            DROP INDEX \`uq_job_dedupe_key\` ON \`job\`
        `);
    await queryRunner.query(`
            DROP TABLE \`job\`
        `);
    await queryRunner.query(`
            DROP TABLE \`job_schedule\`
        `);
  }
}
