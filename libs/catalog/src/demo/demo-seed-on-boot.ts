import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@app/common';
import { type AppConfig, InjectConfig } from '@app/config';
import { buildDemoCatalog } from './demo-catalog';
import { rebuildSearchIndex } from '../search-index';
import { seedDemoCatalog } from './demo-seeder';

/** Demo mode (DEMO_SEED, on by default with the embedded database): fills an empty catalog on first start. */
@Injectable()
export class DemoSeedOnBoot implements OnApplicationBootstrap {
  private readonly logger = new Logger('DemoSeed');

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demoSeed) return;
    try {
      const result = await seedDemoCatalog(this.ds, buildDemoCatalog(), { now: this.clock.now(), onlyIfEmpty: true });
      if (result.seeded) this.logger.log({ ...result, search: await rebuildSearchIndex(this.ds) }, 'demo catalog seeded');
    } catch (err) {
      // Another instance seeding the same empty database at the same moment wins; ours rolls back whole.
      this.logger.warn({ error: (err as Error).message }, 'demo catalog not seeded');
    }
  }
}
