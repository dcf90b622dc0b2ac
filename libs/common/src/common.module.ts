import { DynamicModule, Global, Module } from '@nestjs/common';
import { Clock, SystemClock } from './clock';
import { Metrics } from './metrics';

@Global()
@Module({})
export class CommonModule {
  /** `clock` lets tests drive time; production uses the system clock. */
  static forRoot(opts: { clock?: Clock } = {}): DynamicModule {
    return {
      module: CommonModule,
      providers: [
        { provide: Clock, useValue: opts.clock ?? new SystemClock() },
        { provide: Metrics, useValue: new Metrics() },
      ],
      exports: [Clock, Metrics],
    };
  }
}
