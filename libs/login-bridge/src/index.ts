export { LoginBridgeModule } from './login-bridge.module';
