import { MigrationInterface, QueryRunner } from 'typeorm';

/** Content security checks (libs/moderation) and reviews with their product summaries (issue 16). */
export class Reviews1796030000000 implements MigrationInterface {
  name = 'Reviews1796030000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE \`content_check\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`kind\` varchar(8) NOT NULL,
                \`scene\` int NOT NULL,
                \`target_type\` varchar(24) NOT NULL,
                \`target_id\` int NULL,
                \`openid\` varchar(64) NOT NULL,
                \`content_hash\` varchar(64) NOT NULL,
                \`media_ref\` varchar(512) NULL,
                \`status\` varchar(16) NOT NULL,
                \`suggest\` varchar(8) NULL,
                \`label\` int NULL,
                \`trace_id\` varchar(64) NULL,
                \`source\` varchar(8) NOT NULL,
                \`late\` tinyint NOT NULL DEFAULT 0,
                \`error\` varchar(255) NOT NULL DEFAULT '',
                \`created_at\` datetime(3) NOT NULL,
                \`checked_at\` datetime(3) NULL,
                INDEX \`idx_content_check_dedupe\` (\`kind\`, \`scene\`, \`content_hash\`, \`created_at\`),
                INDEX \`idx_content_check_trace\` (\`trace_id\`),
                INDEX \`idx_content_check_target\` (\`target_type\`, \`target_id\`),
                INDEX \`idx_content_check_status\` (\`status\`, \`kind\`, \`created_at\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    await queryRunner.query(`
            CREATE TABLE \`review\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`order_id\` int NOT NULL,
                \`order_item_id\` int NOT NULL,
                \`user_id\` int NOT NULL,
                \`product_id\` int NOT NULL,
                \`sku_id\` int NOT NULL,
                \`spec_text\` varchar(120) NOT NULL DEFAULT '',
                \`rating\` int NOT NULL,
                \`grade\` int NOT NULL,
                \`content\` varchar(500) NOT NULL DEFAULT '',
                \`images\` text NOT NULL,
                \`has_images\` tinyint NOT NULL DEFAULT 0,
                \`anonymous\` tinyint NOT NULL DEFAULT 0,
                \`nickname\` varchar(64) NOT NULL DEFAULT '',
                \`avatar_url\` varchar(512) NOT NULL DEFAULT '',
                \`moderation\` varchar(16) NOT NULL,
                \`hidden\` tinyint NOT NULL DEFAULT 0,
                \`visible\` tinyint NOT NULL DEFAULT 0,
                \`pinned\` tinyint NOT NULL DEFAULT 0,
                \`reply\` varchar(500) NULL,
                \`replied_at\` datetime(3) NULL,
                \`follow_up_content\` varchar(500) NULL,
                \`follow_up_images\` text NULL,
                \`follow_up_moderation\` varchar(16) NULL,
                \`follow_up_at\` datetime(3) NULL,
                \`created_at\` datetime(3) NOT NULL,
                \`updated_at\` datetime(3) NOT NULL,
                UNIQUE INDEX \`uq_review_order_item\` (\`order_item_id\`),
                INDEX \`idx_review_product_list\` (\`product_id\`, \`visible\`, \`pinned\`, \`id\`),
                INDEX \`idx_review_product_grade\` (\`product_id\`, \`visible\`, \`grade\`, \`pinned\`, \`id\`),
                INDEX \`idx_review_product_images\` (\`product_id\`, \`visible\`, \`has_images\`, \`pinned\`, \`id\`),
                INDEX \`idx_review_user\` (\`user_id\`, \`id\`),
                INDEX \`idx_review_moderation\` (\`moderation\`, \`id\`),
                INDEX \`idx_review_created\` (\`created_at\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    await queryRunner.query(`
            CREATE TABLE \`review_event\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`review_id\` int NOT NULL,
                \`action\` varchar(24) NOT NULL,
                \`actor\` varchar(16) NOT NULL,
                \`actor_id\` int NULL,
                \`note\` varchar(255) NOT NULL DEFAULT '',
                \`created_at\` datetime(3) NOT NULL,
                INDEX \`idx_review_event_review\` (\`review_id\`, \`id\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    await queryRunner.query(`
            CREATE TABLE \`product_review_summary\` (
                \`product_id\` int NOT NULL,
                \`review_count\` int NOT NULL DEFAULT 0,
                \`rating_sum\` int NOT NULL DEFAULT 0,
                \`stars1\` int NOT NULL DEFAULT 0,
                \`stars2\` int NOT NULL DEFAULT 0,
                \`stars3\` int NOT NULL DEFAULT 0,
                \`stars4\` int NOT NULL DEFAULT 0,
                \`stars5\` int NOT NULL DEFAULT 0,
                \`with_images\` int NOT NULL DEFAULT 0,
                PRIMARY KEY (\`product_id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE \`product_review_summary\``);
    await queryRunner.query(`DROP TABLE \`review_event\``);
    await queryRunner.query(`DROP TABLE \`review\``);
    await queryRunner.query(`DROP TABLE \`content_check\``);
  }
}
