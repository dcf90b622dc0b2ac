import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminAuth } from '@app/auth';
import { ApiErrors, IdPipe, PageQuery } from '@app/common';
import { CatalogErrors } from './catalog.errors';
import type { BannerPage, BannerView, HomeSectionPage, HomeSectionView } from './dto/storefront-view.dto';
import { CreateBannerDto, CreateHomeSectionDto, UpdateBannerDto, UpdateHomeSectionDto } from './dto/storefront.dto';
import { HomeService } from './home.service';

/** Home page configuration: /admin/banners and /admin/home-sections. */
@ApiTags('admin')
@Controller('admin')
export class AdminHomeController {
  constructor(private readonly home: HomeService) {}

  /** Every banner, in sort order. */
  @Get('banners')
  @AdminAuth('viewer')
  @ApiOperation({ operationId: 'adminListBanners' })
  banners(@Query() q: PageQuery): Promise<BannerPage> {
    return this.home.banners(q);
  }

  /** One banner. */
  @Get('banners/:id')
  @AdminAuth('viewer')
  @ApiOperation({ operationId: 'adminGetBanner' })
  @ApiErrors(CatalogErrors.bannerNotFound)
  banner(@Param('id', IdPipe) id: number): Promise<BannerView> {
    return this.home.banner(id);
  }

  /** Create a banner, optionally shown only within a time window. */
  @Post('banners')
  @AdminAuth('operator')
  @ApiOperation({ operationId: 'adminCreateBanner' })
  createBanner(@Body() dto: CreateBannerDto): Promise<BannerView> {
    return this.home.createBanner(dto);
  }

  /** Change a banner (fields given). */
  @Patch('banners/:id')
  @AdminAuth('operator')
  @ApiOperation({ operationId: 'adminUpdateBanner' })
  @ApiErrors(CatalogErrors.bannerNotFound)
  updateBanner(@Param('id', IdPipe) id: number, @Body() dto: UpdateBannerDto): Promise<BannerView> {
    return this.home.updateBanner(id, dto);
  }

  /** Delete a banner. */
  @Delete('banners/:id')
  @HttpCode(204)
  @AdminAuth('operator')
  @ApiOperation({ operationId: 'adminDeleteBanner' })
  @ApiErrors(CatalogErrors.bannerNotFound)
  removeBanner(@Param('id', IdPipe) id: number): Promise<void> {
    return this.home.removeBanner(id);
  }

  /** Every home section, in sort order. */
  @Get('home-sections')
  @AdminAuth('viewer')
  @ApiOperation({ operationId: 'adminListHomeSections' })
  sections(@Query() q: PageQuery): Promise<HomeSectionPage> {
    return this.home.sections(q);
  }

  /** One home section. */
  @Get('home-sections/:id')
  @AdminAuth('viewer')
  @ApiOperation({ operationId: 'adminGetHomeSection' })
  @ApiErrors(CatalogErrors.sectionNotFound)
  section(@Param('id', IdPipe) id: number): Promise<HomeSectionView> {
    return this.home.section(id);
  }

  /** Create a home section: a titled list of products. */
  @Post('home-sections')
  @AdminAuth('operator')
  @ApiOperation({ operationId: 'adminCreateHomeSection' })
  createSection(@Body() dto: CreateHomeSectionDto): Promise<HomeSectionView> {
    return this.home.createSection(dto);
  }

  /** Change a home section (fields given). */
  @Patch('home-sections/:id')
  @AdminAuth('operator')
  @ApiOperation({ operationId: 'adminUpdateHomeSection' })
  @ApiErrors(CatalogErrors.sectionNotFound)
  updateSection(@Param('id', IdPipe) id: number, @Body() dto: UpdateHomeSectionDto): Promise<HomeSectionView> {
    return this.home.updateSection(id, dto);
  }

  /** Delete a home section. */
  @Delete('home-sections/:id')
  @HttpCode(204)
  @AdminAuth('operator')
  @ApiOperation({ operationId: 'adminDeleteHomeSection' })
  @ApiErrors(CatalogErrors.sectionNotFound)
  removeSection(@Param('id', IdPipe) id: number): Promise<void> {
    return this.home.removeSection(id);
  }
}
