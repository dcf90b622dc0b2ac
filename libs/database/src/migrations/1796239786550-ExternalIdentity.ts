import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Identities from an existing backend (issue 21): the shopper's user id at that backend (the `sub` of its tokens,
 * or what the login bridge answered), one wxmall user per id; a shopper known only by such a token has no openid.
 */
export class ExternalIdentity1796239786550 implements MigrationInterface {
  name = 'ExternalIdentity1796239786550';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE \`user\`
            MODIFY \`appid\` varchar(32) NULL,
            MODIFY \`openid\` varchar(64) NULL,
            ADD \`external_id\` varchar(128) NULL,
            ADD \`external_linked_at\` datetime(3) NULL
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX \`uq_user_external_id\` ON \`user\` (\`external_id\`)
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX \`uq_user_external_id\` ON \`user\`
        `);
    // Shoppers known only by an external token have no openid: they cannot survive the NOT NULL.
    await queryRunner.query(`
            DELETE FROM \`user\` WHERE \`openid\` IS NULL
        `);
    await queryRunner.query(`
            ALTER TABLE \`user\`
            DROP COLUMN \`external_linked_at\`,
            DROP COLUMN \`external_id\`,
            MODIFY \`openid\` varchar(64) NOT NULL,
            MODIFY \`appid\` varchar(32) NOT NULL
        `);
  }
}
