import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The version row of the read cache's `reviews` scope (libs/catalog catalog-cache.ts): review summaries are cached
 * and every change of one bumps it. Inserted here so the first bumps, concurrent, never race to create it.
 */
export class ReviewsCacheVersion1796240510000 implements MigrationInterface {
  name = 'ReviewsCacheVersion1796240510000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`INSERT INTO \`catalog_version\` (\`id\`, \`version\`) VALUES (2, 0)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM \`catalog_version\` WHERE \`id\` = 2`);
  }
}
