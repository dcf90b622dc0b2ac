import { writeFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { loadConfig } from '@app/config';
import { AppModule } from './app.module';
import { setGlobalPrefix } from './create-app';
import { createOpenApiDocument } from './openapi';

/*
 * `npm run build` (scripts/build.mjs) runs this on the compiled service to write the OpenAPI document for generators:
 * `node dist/apps/api/src/write-openapi.js <file>...`. The app is built in Nest's preview mode (modules and routes,
 * nothing instantiated, no database) and described by the same function as `/docs/openapi.json`.
 */
async function main(files: string[]): Promise<void> {
  const app = await NestFactory.create(AppModule.forRoot(loadConfig({})), new FastifyAdapter(), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  setGlobalPrefix(app);
  const text = `${JSON.stringify(createOpenApiDocument(app), null, 2)}\n`;
  for (const file of files) writeFileSync(file, text);
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`write-openapi: ${String((err as Error)?.stack ?? err)}\n`);
    process.exit(1);
  },
);
