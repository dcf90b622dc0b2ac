import { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1795323812171 implements MigrationInterface {
  name = 'Foundation1795323812171';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE \`address\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`user_id\` int NOT NULL,
                \`receiver_name\` varchar(32) NOT NULL,
                \`phone\` varchar(20) NOT NULL,
                \`province\` varchar(32) NOT NULL,
                \`city\` varchar(32) NOT NULL,
                \`district\` varchar(32) NOT NULL,
                \`detail\` varchar(200) NOT NULL,
                \`postal_code\` varchar(10) NULL,
                \`is_default\` tinyint NOT NULL DEFAULT 0,
                \`created_at\` datetime(3) NOT NULL,
                \`updated_at\` datetime(3) NOT NULL,
                INDEX \`idx_address_user\` (\`user_id\`, \`is_default\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    await queryRunner.query(`
            CREATE TABLE \`admin_user\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`username\` varchar(64) NOT NULL,
                \`password_hash\` varchar(255) NOT NULL,
                \`role\` varchar(16) NOT NULL,
                \`status\` varchar(16) NOT NULL DEFAULT 'active',
                \`bound_openid\` varchar(64) NULL,
                \`failed_logins\` int NOT NULL DEFAULT '0',
                \`locked_until\` datetime(3) NULL,
                \`token_version\` int NOT NULL DEFAULT '0',
                \`last_login_at\` datetime(3) NULL,
                \`created_at\` datetime(3) NOT NULL,
                \`updated_at\` datetime(3) NOT NULL,
                UNIQUE INDEX \`uq_admin_user_bound_openid\` (\`bound_openid\`),
                UNIQUE INDEX \`uq_admin_user_username\` (\`username\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    await queryRunner.query(`
            CREATE TABLE \`user\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`appid\` varchar(32) NOT NULL,
                \`openid\` varchar(64) NOT NULL,
                \`unionid\` varchar(64) NULL,
                \`nickname\` varchar(64) NOT NULL DEFAULT '',
                \`avatar_url\` varchar(512) NOT NULL DEFAULT '',
                \`phone\` varchar(20) NULL,
                \`phone_country_code\` varchar(8) NULL,
                \`status\` varchar(16) NOT NULL DEFAULT 'active',
                \`created_at\` datetime(3) NOT NULL,
                \`last_seen_at\` datetime(3) NULL,
                INDEX \`idx_user_unionid\` (\`unionid\`),
                UNIQUE INDEX \`uq_user_appid_openid\` (\`appid\`, \`openid\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX \`uq_user_appid_openid\` ON \`user\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_user_unionid\` ON \`user\`
        `);
    await queryRunner.query(`
            DROP TABLE \`user\`
        `);
    await queryRunner.query(`
            DROP INDEX \`uq_admin_user_username\` ON \`admin_user\`
        `);
    await queryRunner.query(`
            DROP INDEX \`uq_admin_user_bound_openid\` ON \`admin_user\`
        `);
    await queryRunner.query(`
            DROP TABLE \`admin_user\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_address_user\` ON \`address\`
        `);
    await queryRunner.query(`
            DROP TABLE \`address\`
        `);
  }
}
