import { Controller, Get, Logger, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '@app/auth';
import { type MediaCheckEvent, MessagePushVerifier, type PushQuery, PushRefusedError } from '@app/wechat';
import { ModerationChecks } from './moderation-checks';

/**
 * WeChat's message push (消息推送, JSON format): the URL check (GET) and events (POST). Public, trusted only by
 * the push signature (or the Cloud Hosting gateway); anything else is 401 and changes nothing. Answers `success`.
 */
@ApiTags('platform')
@Controller('wechat/message-push')
@Public()
export class MessagePushController {
  private readonly logger = new Logger(MessagePushController.name);

  constructor(
    private readonly verifier: MessagePushVerifier,
    private readonly checks: ModerationChecks,
  ) {}

  @Get()
  @ApiExcludeEndpoint()
  async verify(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.answer(reply, () => Promise.resolve(this.verifier.echo(req.query as PushQuery, req.headers)));
  }

  @Post()
  @ApiExcludeEndpoint()
  async receive(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.answer(reply, async () => {
      const event = this.verifier.open(req.query as PushQuery, req.headers, req.body);
      if (event.Event !== 'wxa_media_check') return 'success';
      const outcome = await this.checks.onMediaResult(event as unknown as MediaCheckEvent);
      this.logger.log({ traceId: event.trace_id, outcome }, 'media check result');
      return 'success';
    });
  }

  private async answer(reply: FastifyReply, handle: () => Promise<string>): Promise<void> {
    try {
      const text = await handle();
      await reply.status(200).type('text/plain; charset=utf-8').send(text);
    } catch (err) {
      if (!(err instanceof PushRefusedError)) throw err;
      this.logger.warn({ reason: err.reason }, 'message push refused');
      await reply.status(401).send({ code: 'PUSH_REFUSED', message: 'message push signature invalid' });
    }
  }
}
