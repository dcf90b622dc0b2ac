import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read replicas (issue 20): one row whose time each instance sets on the primary and reads on every replica; how
 * far behind a replica's copy is the replica's lag (libs/database/src/read-replicas.ts).
 */
export class ReplicaHeartbeat1796240100000 implements MigrationInterface {
  name = 'ReplicaHeartbeat1796240100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE \`replica_heartbeat\` (
                \`id\` tinyint NOT NULL,
                \`beat_at\` datetime(3) NOT NULL,
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
        `);
    await queryRunner.query(`INSERT INTO \`replica_heartbeat\` (\`id\`, \`beat_at\`) VALUES (1, '2000-01-01 00:00:00.000')`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE \`replica_heartbeat\``);
  }
}
