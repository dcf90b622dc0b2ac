import { Controller, Headers, Logger, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiTags } from '@nestjs/swagger';
import type { RawBodyRequest } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '@app/auth';
import type { NotifyHeaders } from '@app/wechat';
import { PaymentNotificationsService } from './payment-notifications.service';
import { NotifyRejected } from './payments.errors';

/**
 * WeChat Pay calls these (public; trusted by signature alone). Success is 204; anything else is
 * 4xx/5xx with {code: "FAIL", message}, which makes WeChat Pay deliver again later.
 */
@ApiTags('platform')
@Controller('payments/wechat')
@Public()
export class PaymentNotifyController {
  private readonly logger = new Logger(PaymentNotifyController.name);

  constructor(private readonly notifications: PaymentNotificationsService) {}

  @Post('notify')
  @ApiExcludeEndpoint()
  async payment(@Req() req: RawBodyRequest<FastifyRequest>, @Headers() headers: NotifyHeaders, @Res() reply: FastifyReply): Promise<void> {
    await this.answer(reply, () => this.notifications.onPayment(req.rawBody, headers));
  }

  @Post('refund-notify')
  @ApiExcludeEndpoint()
  async refund(@Req() req: RawBodyRequest<FastifyRequest>, @Headers() headers: NotifyHeaders, @Res() reply: FastifyReply): Promise<void> {
    await this.answer(reply, () => this.notifications.onRefund(req.rawBody, headers));
  }

  private async answer(reply: FastifyReply, handle: () => Promise<string>): Promise<void> {
    try {
      await handle();
      await reply.status(204).send();
    } catch (err) {
      const rejected = err instanceof NotifyRejected;
      if (!rejected) this.logger.error({ err }, 'payment notification failed');
      await reply.status(rejected ? err.status : 500).send({ code: 'FAIL', message: rejected ? err.message : 'internal error' });
    }
  }
}
