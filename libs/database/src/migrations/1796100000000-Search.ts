import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search and browsing at scale (issue 20): the token index, searched and pinned words, shoppers' search history,
 * the catalog version the read caches compare, and the title index suggestions read by prefix. Fill the token index
 * of an existing catalog with `npm run search:rebuild`.
 */
export class Search1796100000000 implements MigrationInterface {
  name = 'Search1796100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE \`product_search_token\` (
                \`token\` varchar(32) NOT NULL,
                \`product_id\` int NOT NULL,
                \`weight\` smallint NOT NULL,
                INDEX \`idx_search_token_product\` (\`product_id\`),
                PRIMARY KEY (\`token\`, \`product_id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    await queryRunner.query(`
            CREATE TABLE \`search_word\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`word\` varchar(50) NOT NULL,
                \`search_count\` int NOT NULL DEFAULT 0,
                \`pinned_sort\` int NULL DEFAULT NULL,
                \`updated_at\` datetime(3) NOT NULL,
                UNIQUE INDEX \`uq_search_word\` (\`word\`),
                INDEX \`idx_search_word_count\` (\`search_count\`),
                INDEX \`idx_search_word_pinned\` (\`pinned_sort\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    await queryRunner.query(`
            CREATE TABLE \`search_history\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`user_id\` int NOT NULL,
                \`keyword\` varchar(50) NOT NULL,
                \`searched_at\` datetime(3) NOT NULL,
                UNIQUE INDEX \`uq_search_history_user_word\` (\`user_id\`, \`keyword\`),
                INDEX \`idx_search_history_user\` (\`user_id\`, \`searched_at\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    await queryRunner.query(`
            CREATE TABLE \`catalog_version\` (
                \`id\` int NOT NULL,
                \`version\` int NOT NULL DEFAULT 0,
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    await queryRunner.query(`INSERT INTO \`catalog_version\` (\`id\`, \`version\`) VALUES (1, 0)`);
    await queryRunner.query(`
            CREATE INDEX \`idx_product_title\` ON \`product\` (\`status\`, \`deleted_at\`, \`title\`)
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`idx_product_title\` ON \`product\``);
    await queryRunner.query(`DROP TABLE \`catalog_version\``);
    await queryRunner.query(`DROP TABLE \`search_history\``);
    await queryRunner.query(`DROP TABLE \`search_word\``);
    await queryRunner.query(`DROP TABLE \`product_search_token\``);
  }
}
