import { MigrationInterface, QueryRunner } from 'typeorm';

/** Runtime shop settings (issue 18): one row, NULL = the environment's default, a version every instance checks. */

export class ShopSettings1796030646476 implements MigrationInterface {
  name = 'ShopSettings1796030646476';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE \`shop_settings\` (
                \`id\` int NOT NULL,
                \`shipping_fee\` int NULL,
                \`free_shipping_threshold\` int NULL,
                \`order_pay_minutes\` int NULL,
                \`order_auto_confirm_days\` int NULL,
                \`after_sale_days\` int NULL,
                \`return_ship_days\` int NULL,
                \`low_stock_threshold\` int NULL,
                \`customer_service_phone\` varchar(32) NULL,
                \`customer_service_hours\` varchar(64) NULL,
                \`version\` int NOT NULL DEFAULT '0',
                \`updated_by\` int NULL,
                \`updated_at\` datetime(3) NULL,
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    // The one row, so an update is always an UPDATE of it (and the version check a primary-key read).
    await queryRunner.query(`INSERT INTO \`shop_settings\` (\`id\`, \`version\`) VALUES (1, 0)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP TABLE \`shop_settings\`
        `);
  }
}
