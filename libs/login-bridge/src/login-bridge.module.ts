import { Module } from '@nestjs/common';
import { AuthModule } from '@app/auth';
import { LoginBridgeClient } from './login-bridge.client';
import { LoginBridgeService } from './login-bridge.service';

/** The login bridge to an existing backend (README "Identities from an existing backend"). */
@Module({
  imports: [AuthModule],
  providers: [LoginBridgeClient, LoginBridgeService],
})
export class LoginBridgeModule {}
