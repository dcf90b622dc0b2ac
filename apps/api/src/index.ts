export { createApp, type CreateAppOptions } from './create-app';
export { AppModule } from './app.module';
