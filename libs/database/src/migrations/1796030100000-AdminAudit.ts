import { MigrationInterface, QueryRunner } from 'typeorm';

/** Columns an audit row never changes once written (target_id only from NULL, by the completion). */
const FIXED = [
  'id',
  'admin_id',
  'admin_username',
  'role',
  'via_user_id',
  'action',
  'method',
  'route',
  'target_type',
  'summary',
  'request_id',
  'created_at',
];
const CHANGED = FIXED.map((c) => `NOT (NEW.\`${c}\` <=> OLD.\`${c}\`)`).join(' OR ');

/** Errors of a database user without the right to create triggers (binary logging without SUPER, no TRIGGER grant). */
const NO_TRIGGER_PRIVILEGE = new Set([1142, 1227, 1419]);

/**
 * The admin audit log (issue 18), append-only: a row is written before an admin write runs and completed once with
 * its outcome. Triggers refuse deletes and any other update. Where the migration's user may not create triggers
 * (binary logging on with log_bin_trust_function_creators off and no SUPER, as on some managed MySQL), the table is
 * still created and the service still has no update or delete path: the warning says to run the two statements as a
 * privileged user (docs/decisions.md, "Audit log").
 */
export class AdminAudit1796030100000 implements MigrationInterface {
  name = 'AdminAudit1796030100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE \`admin_audit_log\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`admin_id\` int NOT NULL,
                \`admin_username\` varchar(64) NOT NULL DEFAULT '',
                \`role\` varchar(16) NOT NULL,
                \`via_user_id\` int NULL,
                \`action\` varchar(64) NOT NULL,
                \`method\` varchar(8) NOT NULL,
                \`route\` varchar(200) NOT NULL,
                \`target_type\` varchar(32) NOT NULL,
                \`target_id\` varchar(64) NULL,
                \`summary\` text NOT NULL,
                \`request_id\` varchar(64) NOT NULL,
                \`outcome\` varchar(16) NOT NULL,
                \`error_code\` varchar(64) NULL,
                \`created_at\` datetime(3) NOT NULL,
                \`finished_at\` datetime(3) NULL,
                INDEX \`idx_admin_audit_created\` (\`created_at\`),
                INDEX \`idx_admin_audit_target\` (\`target_type\`, \`target_id\`, \`id\`),
                INDEX \`idx_admin_audit_action\` (\`action\`, \`id\`),
                INDEX \`idx_admin_audit_admin\` (\`admin_id\`, \`id\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    try {
      await queryRunner.query(`
            CREATE TRIGGER \`admin_audit_log_no_delete\` BEFORE DELETE ON \`admin_audit_log\` FOR EACH ROW
            SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'admin_audit_log is append-only'
        `);
      await queryRunner.query(`
            CREATE TRIGGER \`admin_audit_log_complete_once\` BEFORE UPDATE ON \`admin_audit_log\` FOR EACH ROW
            BEGIN
              IF OLD.\`outcome\` <> 'pending' OR ${CHANGED}
                OR NOT (OLD.\`target_id\` IS NULL OR NEW.\`target_id\` <=> OLD.\`target_id\`) THEN
                SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'admin_audit_log is append-only: a row is completed once';
              END IF;
            END
        `);
    } catch (err) {
      if (!NO_TRIGGER_PRIVILEGE.has((err as { errno?: number }).errno ?? 0)) throw err;
      queryRunner.connection.logger.log(
        'warn',
        'admin_audit_log: no privilege to create its append-only triggers; run the CREATE TRIGGER statements of migration ' +
          'AdminAudit1796030100000 as a privileged user (or set log_bin_trust_function_creators=1 and create them)',
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER IF EXISTS \`admin_audit_log_complete_once\``);
    await queryRunner.query(`DROP TRIGGER IF EXISTS \`admin_audit_log_no_delete\``);
    await queryRunner.query(`
            DROP TABLE \`admin_audit_log\`
        `);
  }
}
