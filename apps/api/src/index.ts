export { createApp, type CreateAppOptions, setGlobalPrefix } from './create-app';
export { AppModule } from './app.module';
export { AUTH_SWEEP } from './auth-sweeps';
export { createOpenApiDocument, OPENAPI_TAGS, openApiDocumentKey } from './openapi';
export { seedYear, type SeedOptions, type SeedResult } from './seed/year-seeder';
export { runReportsCli } from './reports-cli';
