import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A webhook delivery's claim carries its own random token (as a job's `locked_by`): the claim was told apart by its
 * `locked_until` alone, which two instances claiming in the same millisecond could share (one in a thousand).
 */
export class WebhookClaimToken1796240700000 implements MigrationInterface {
  name = 'WebhookClaimToken1796240700000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`webhook_delivery\` ADD \`locked_by\` varchar(32) NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`webhook_delivery\` DROP COLUMN \`locked_by\``);
  }
}
