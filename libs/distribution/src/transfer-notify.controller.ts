import { Controller, Headers, Logger, Post, Req, Res } from '@nestjs/common';
import type { RawBodyRequest } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '@app/auth';
import type { NotifyHeaders } from '@app/wechat';
import { TransferNotifyRejected, TransfersService } from './transfers.service';

/** WeChat Pay's merchant transfer notification (public; trusted by signature alone). 204, or 4xx/5xx {code: FAIL}. */
@ApiTags('platform')
@Controller('distribution/wechat')
@Public()
export class TransferNotifyController {
  private readonly logger = new Logger(TransferNotifyController.name);

  constructor(private readonly transfers: TransfersService) {}

  @Post('transfer-notify')
  @ApiExcludeEndpoint()
  async notify(@Req() req: RawBodyRequest<FastifyRequest>, @Headers() headers: NotifyHeaders, @Res() reply: FastifyReply): Promise<void> {
    try {
      const outcome = await this.transfers.onNotification(req.rawBody, headers);
      this.logger.log({ outcome }, 'transfer notification');
      await reply.status(204).send();
    } catch (err) {
      const rejected = err instanceof TransferNotifyRejected;
      if (!rejected) this.logger.error({ err }, 'transfer notification failed');
      await reply.status(rejected ? err.status : 500).send({ code: 'FAIL', message: rejected ? err.message : 'internal error' });
    }
  }
}
