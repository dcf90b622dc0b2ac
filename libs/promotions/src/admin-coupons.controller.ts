import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminAuth, type AdminIdentity, CurrentAdmin } from '@app/auth';
import { ApiErrors, IdPipe } from '@app/common';
import { CouponTemplatesService } from './coupon-templates.service';
import {
  AdminCouponQuery,
  AdminCouponTemplateQuery,
  CreateCouponTemplateDto,
  IssueCouponsDto,
  RevokeCouponDto,
} from './dto/coupon-template.dto';
import type { AdminCouponPage, AdminCouponView, CouponTemplatePage, CouponTemplateView, IssueResult } from './dto/coupon-view.dto';
import { PromotionsErrors } from './promotions.errors';

@ApiTags('admin')
@Controller('admin')
export class AdminCouponsController {
  constructor(private readonly templates: CouponTemplatesService) {}

  /** Coupon templates, newest first. */
  @Get('coupon-templates')
  @AdminAuth('viewer')
  @ApiOperation({ operationId: 'adminListCouponTemplates' })
  list(@Query() q: AdminCouponTemplateQuery): Promise<CouponTemplatePage> {
    return this.templates.list(q);
  }

  /** One coupon template. */
  @Get('coupon-templates/:id')
  @AdminAuth('viewer')
  @ApiOperation({ operationId: 'adminGetCouponTemplate' })
  @ApiErrors(PromotionsErrors.templateNotFound)
  get(@Param('id', IdPipe) id: number): Promise<CouponTemplateView> {
    return this.templates.get(id);
  }

  /** Create a coupon template (its terms are fixed from then on). */
  @Post('coupon-templates')
  @AdminAuth('operator')
  @ApiOperation({ operationId: 'adminCreateCouponTemplate' })
  create(@CurrentAdmin() admin: AdminIdentity, @Body() dto: CreateCouponTemplateDto): Promise<CouponTemplateView> {
    return this.templates.create(admin.adminId, dto);
  }

  /** Stop a template: no more coupons are claimed or issued from it; issued coupons stay valid. */
  @Post('coupon-templates/:id/stop')
  @HttpCode(200)
  @AdminAuth('operator')
  @ApiOperation({ operationId: 'adminStopCouponTemplate' })
  @ApiErrors(PromotionsErrors.templateNotFound)
  stop(@Param('id', IdPipe) id: number): Promise<CouponTemplateView> {
    return this.templates.stop(id);
  }

  /**
   * Issue one coupon to each of these shoppers.
   * @remarks Within the template's total and per-user limit; shoppers who cannot get one are listed in `refused`.
   */
  @Post('coupon-templates/:id/issue')
  @HttpCode(200)
  @AdminAuth('operator')
  @ApiOperation({ operationId: 'adminIssueCoupons' })
  @ApiErrors(PromotionsErrors.templateNotFound, PromotionsErrors.templateStopped)
  issue(@CurrentAdmin() admin: AdminIdentity, @Param('id', IdPipe) id: number, @Body() dto: IssueCouponsDto): Promise<IssueResult> {
    return this.templates.issue(admin.adminId, id, dto.userIds);
  }

  /** Issued coupons, newest first, by template, shopper and state. */
  @Get('coupons')
  @AdminAuth('viewer')
  @ApiOperation({ operationId: 'adminListCoupons' })
  coupons(@Query() q: AdminCouponQuery): Promise<AdminCouponPage> {
    return this.templates.coupons(q);
  }

  /** Revoke an unused coupon. */
  @Post('coupons/:id/revoke')
  @HttpCode(200)
  @AdminAuth('operator')
  @ApiOperation({ operationId: 'adminRevokeCoupon' })
  @ApiErrors(PromotionsErrors.couponNotFound, PromotionsErrors.stateConflict)
  revoke(@CurrentAdmin() admin: AdminIdentity, @Param('id', IdPipe) id: number, @Body() dto: RevokeCouponDto): Promise<AdminCouponView> {
    return this.templates.revoke(admin.adminId, id, dto.reason);
  }
}
