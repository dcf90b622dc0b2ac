import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@app/database';

/** When each periodic sweep is next due. Claiming a row is what makes one instance run the sweep. */
@Entity('job_schedule')
export class JobSchedule {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name!: string;

  @DateTimeColumn()
  nextRunAt!: Date;

  @Column({ type: 'varchar', length: 96, nullable: true })
  lockedBy!: string | null;

  @DateTimeColumn({ nullable: true })
  lastRunAt!: Date | null;
}
