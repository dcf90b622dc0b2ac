import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhook events are written in the transaction of their change (issue 21): an event's own id orders its resource's
 * events, where the id of the job that carried it out used to. Its deliveries keep their `seq` (the event's id now).
 */
export class WebhookEventSeq1796240627431 implements MigrationInterface {
  name = 'WebhookEventSeq1796240627431';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`webhook_event\` DROP COLUMN \`seq\``);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`webhook_event\` ADD \`seq\` int NOT NULL DEFAULT 0`);
    await queryRunner.query(`UPDATE \`webhook_event\` SET \`seq\` = \`id\``);
    await queryRunner.query(`ALTER TABLE \`webhook_event\` ALTER COLUMN \`seq\` DROP DEFAULT`);
  }
}
