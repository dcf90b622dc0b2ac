import { MigrationInterface, QueryRunner } from 'typeorm';

export class Catalog1795326367216 implements MigrationInterface {
  name = 'Catalog1795326367216';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE \`banner\` (
                \`sort\` int NOT NULL DEFAULT '0',
                \`is_active\` tinyint NOT NULL DEFAULT 1,
                \`starts_at\` datetime(3) NULL,
                \`ends_at\` datetime(3) NULL,
                \`created_at\` datetime(3) NOT NULL,
                \`updated_at\` datetime(3) NOT NULL,
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`title\` varchar(64) NOT NULL DEFAULT '',
                \`image\` varchar(512) NOT NULL,
                \`link_type\` varchar(16) NOT NULL DEFAULT 'none',
                \`link_id\` int NULL,
                \`link_url\` varchar(512) NULL,
                INDEX \`idx_banner_active\` (\`is_active\`, \`sort\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    await queryRunner.query(`
            CREATE TABLE \`category\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`parent_id\` int NULL,
                \`name\` varchar(32) NOT NULL,
                \`icon_url\` varchar(512) NOT NULL DEFAULT '',
                \`sort\` int NOT NULL DEFAULT '0',
                \`is_visible\` tinyint NOT NULL DEFAULT 1,
                \`created_at\` datetime(3) NOT NULL,
                \`updated_at\` datetime(3) NOT NULL,
                INDEX \`idx_category_parent\` (\`parent_id\`, \`sort\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    await queryRunner.query(`
            CREATE TABLE \`home_section\` (
                \`sort\` int NOT NULL DEFAULT '0',
                \`is_active\` tinyint NOT NULL DEFAULT 1,
                \`starts_at\` datetime(3) NULL,
                \`ends_at\` datetime(3) NULL,
                \`created_at\` datetime(3) NOT NULL,
                \`updated_at\` datetime(3) NOT NULL,
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`title\` varchar(32) NOT NULL,
                \`subtitle\` varchar(64) NOT NULL DEFAULT '',
                \`image\` varchar(512) NULL,
                \`product_ids\` text NOT NULL,
                \`link_type\` varchar(16) NOT NULL DEFAULT 'none',
                \`link_id\` int NULL,
                \`link_url\` varchar(512) NULL,
                INDEX \`idx_home_section_active\` (\`is_active\`, \`sort\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    await queryRunner.query(`
            CREATE TABLE \`product_spec\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`product_id\` int NOT NULL,
                \`name\` varchar(20) NOT NULL,
                \`values\` text NOT NULL,
                \`sort\` int NOT NULL DEFAULT '0',
                INDEX \`idx_product_spec_product\` (\`product_id\`, \`sort\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    await queryRunner.query(`
            CREATE TABLE \`product\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`category_id\` int NOT NULL,
                \`title\` varchar(60) NOT NULL,
                \`subtitle\` varchar(120) NOT NULL DEFAULT '',
                \`main_image\` varchar(512) NOT NULL,
                \`images\` text NOT NULL,
                \`detail_images\` text NOT NULL,
                \`status\` varchar(16) NOT NULL,
                \`min_price\` int NOT NULL DEFAULT '0',
                \`max_price\` int NOT NULL DEFAULT '0',
                \`line_price\` int NULL,
                \`sales_count\` int NOT NULL DEFAULT '0',
                \`created_at\` datetime(3) NOT NULL,
                \`updated_at\` datetime(3) NOT NULL,
                \`deleted_at\` datetime(3) NULL,
                INDEX \`idx_product_category\` (\`category_id\`, \`deleted_at\`),
                INDEX \`idx_product_cat_price\` (
                    \`status\`,
                    \`deleted_at\`,
                    \`category_id\`,
                    \`min_price\`
                ),
                INDEX \`idx_product_cat_sales\` (
                    \`status\`,
                    \`deleted_at\`,
                    \`category_id\`,
                    \`sales_count\`
                ),
                INDEX \`idx_product_cat_created\` (
                    \`status\`,
                    \`deleted_at\`,
                    \`category_id\`,
                    \`created_at\`
                ),
                INDEX \`idx_product_list_price\` (\`status\`, \`deleted_at\`, \`min_price\`),
                INDEX \`idx_product_list_sales\` (\`status\`, \`deleted_at\`, \`sales_count\`),
                INDEX \`idx_product_list_created\` (\`status\`, \`deleted_at\`, \`created_at\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    await queryRunner.query(`
            CREATE TABLE \`sku\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`product_id\` int NOT NULL,
                \`spec_values\` text NOT NULL,
                \`spec_key\` varchar(255) NULL,
                \`spec_text\` varchar(100) NOT NULL DEFAULT '',
                \`price\` int NOT NULL DEFAULT '0',
                \`line_price\` int NULL,
                \`stock\` int NOT NULL DEFAULT '0',
                \`sales_count\` int NOT NULL DEFAULT '0',
                \`code\` varchar(64) NOT NULL DEFAULT '',
                \`image\` varchar(512) NULL,
                \`status\` varchar(16) NOT NULL,
                \`sort\` int NOT NULL DEFAULT '0',
                \`created_at\` datetime(3) NOT NULL,
                \`updated_at\` datetime(3) NOT NULL,
                INDEX \`idx_sku_low_stock\` (\`status\`, \`stock\`),
                UNIQUE INDEX \`uq_sku_product_spec\` (\`product_id\`, \`spec_key\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    await queryRunner.query(`
            CREATE TABLE \`stock_movement\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`sku_id\` int NOT NULL,
                \`delta\` int NOT NULL,
                \`reason\` varchar(16) NOT NULL,
                \`ref_type\` varchar(32) NULL,
                \`ref_id\` int NULL,
                \`stock_after\` int NOT NULL,
                \`admin_id\` int NULL,
                \`note\` varchar(200) NULL,
                \`created_at\` datetime(3) NOT NULL,
                INDEX \`idx_stock_movement_ref\` (\`ref_type\`, \`ref_id\`, \`reason\`),
                INDEX \`idx_stock_movement_sku\` (\`sku_id\`, \`id\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    await queryRunner.query(`
            CREATE TABLE \`store\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`name\` varchar(64) NOT NULL,
                \`province\` varchar(32) NOT NULL,
                \`city\` varchar(32) NOT NULL,
                \`district\` varchar(32) NOT NULL,
                \`address\` varchar(200) NOT NULL,
                \`latitude\` decimal(9, 6) NOT NULL,
                \`longitude\` decimal(9, 6) NOT NULL,
                \`phone\` varchar(20) NOT NULL DEFAULT '',
                \`business_hours\` varchar(64) NOT NULL DEFAULT '',
                \`status\` varchar(16) NOT NULL,
                \`sort\` int NOT NULL DEFAULT '0',
                \`created_at\` datetime(3) NOT NULL,
                \`updated_at\` datetime(3) NOT NULL,
                INDEX \`idx_store_status\` (\`status\`, \`sort\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX \`idx_store_status\` ON \`store\`
        `);
    await queryRunner.query(`
            DROP TABLE \`store\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_stock_movement_sku\` ON \`stock_movement\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_stock_movement_ref\` ON \`stock_movement\`
        `);
    await queryRunner.query(`
            DROP TABLE \`stock_movement\`
        `);
    await queryRunner.query(`
            DROP INDEX \`uq_sku_product_spec\` ON \`sku\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_sku_low_stock\` ON \`sku\`
        `);
    await queryRunner.query(`
            DROP TABLE \`sku\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_product_list_created\` ON \`product\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_product_list_sales\` ON \`product\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_product_list_price\` ON \`product\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_product_cat_created\` ON \`product\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_product_cat_sales\` ON \`product\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_product_cat_price\` ON \`product\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_product_category\` ON \`product\`
        `);
    await queryRunner.query(`
            DROP TABLE \`product\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_product_spec_product\` ON \`product_spec\`
        `);
    await queryRunner.query(`
            DROP TABLE \`product_spec\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_home_section_active\` ON \`home_section\`
        `);
    await queryRunner.query(`
            DROP TABLE \`home_section\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_category_parent\` ON \`category\`
        `);
    await queryRunner.query(`
            DROP TABLE \`category\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_banner_active\` ON \`banner\`
        `);
    await queryRunner.query(`
            DROP TABLE \`banner\`
        `);
  }
}
