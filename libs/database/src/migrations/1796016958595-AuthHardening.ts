import { MigrationInterface, QueryRunner } from 'typeorm';

export class AuthHardening1796016958595 implements MigrationInterface {
  name = 'AuthHardening1796016958595';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE \`admin_login_throttle\` (
                \`username\` varchar(64) NOT NULL,
                \`client\` varchar(64) NOT NULL,
                \`failures\` int NOT NULL DEFAULT '0',
                \`blocked_until\` datetime(3) NULL,
                \`last_attempt_at\` datetime(3) NOT NULL,
                INDEX \`idx_admin_login_throttle_last_attempt\` (\`last_attempt_at\`),
                PRIMARY KEY (\`username\`, \`client\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    await queryRunner.query(`
            CREATE TABLE \`revoked_token\` (
                \`jti\` varchar(64) NOT NULL,
                \`expires_at\` datetime(3) NOT NULL,
                INDEX \`idx_revoked_token_expires_at\` (\`expires_at\`),
                PRIMARY KEY (\`jti\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    // The per-account lockout gave way to per-(username, client) throttling.
    await queryRunner.query(`
            ALTER TABLE \`admin_user\` DROP COLUMN \`failed_logins\`, DROP COLUMN \`locked_until\`
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE \`admin_user\` ADD \`locked_until\` datetime(3) NULL AFTER \`bound_openid\`,
                ADD \`failed_logins\` int NOT NULL DEFAULT '0' AFTER \`bound_openid\`
        `);
    await queryRunner.query(`
            DROP TABLE \`revoked_token\`
        `);
    await queryRunner.query(`
            DROP TABLE \`admin_login_throttle\`
        `);
  }
}
