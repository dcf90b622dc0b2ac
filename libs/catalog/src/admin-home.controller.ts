import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AdminAuth } from '@app/auth';
import { IdPipe, type Page, PageQuery } from '@app/common';
import type { BannerView, HomeSectionView } from './dto/catalog.mappers';
import { CreateBannerDto, CreateHomeSectionDto, UpdateBannerDto, UpdateHomeSectionDto } from './dto/storefront.dto';
import { HomeService } from './home.service';

/** Home page configuration: /admin/banners and /admin/home-sections. */
@ApiTags('admin')
@Controller('admin')
export class AdminHomeController {
  constructor(private readonly home: HomeService) {}

  @Get('banners')
  @AdminAuth('viewer')
  banners(@Query() q: PageQuery): Promise<Page<BannerView>> {
    return this.home.banners(q);
  }

  @Get('banners/:id')
  @AdminAuth('viewer')
  banner(@Param('id', IdPipe) id: number): Promise<BannerView> {
    return this.home.banner(id);
  }

  @Post('banners')
  @AdminAuth('operator')
  createBanner(@Body() dto: CreateBannerDto): Promise<BannerView> {
    return this.home.createBanner(dto);
  }

  @Patch('banners/:id')
  @AdminAuth('operator')
  updateBanner(@Param('id', IdPipe) id: number, @Body() dto: UpdateBannerDto): Promise<BannerView> {
    return this.home.updateBanner(id, dto);
  }

  @Delete('banners/:id')
  @HttpCode(204)
  @AdminAuth('operator')
  removeBanner(@Param('id', IdPipe) id: number): Promise<void> {
    return this.home.removeBanner(id);
  }

  @Get('home-sections')
  @AdminAuth('viewer')
  sections(@Query() q: PageQuery): Promise<Page<HomeSectionView>> {
    return this.home.sections(q);
  }

  @Get('home-sections/:id')
  @AdminAuth('viewer')
  section(@Param('id', IdPipe) id: number): Promise<HomeSectionView> {
    return this.home.section(id);
  }

  @Post('home-sections')
  @AdminAuth('operator')
  createSection(@Body() dto: CreateHomeSectionDto): Promise<HomeSectionView> {
    return this.home.createSection(dto);
  }

  @Patch('home-sections/:id')
  @AdminAuth('operator')
  updateSection(@Param('id', IdPipe) id: number, @Body() dto: UpdateHomeSectionDto): Promise<HomeSectionView> {
    return this.home.updateSection(id, dto);
  }

  @Delete('home-sections/:id')
  @HttpCode(204)
  @AdminAuth('operator')
  removeSection(@Param('id', IdPipe) id: number): Promise<void> {
    return this.home.removeSection(id);
  }
}
