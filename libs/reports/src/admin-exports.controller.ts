import { applyDecorators, Controller, Get, Logger, Param, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AdminAuth, type AdminIdentity, AuditedRead, CurrentAdmin } from '@app/auth';
import { ApiErrors, IdPipe } from '@app/common';
import {
  AfterSaleExportQuery,
  CustomerExportQuery,
  DistributionReportExportQuery,
  InventoryExportQuery,
  OrderExportQuery,
  ProductReportExportQuery,
  RefundExportQuery,
  SalesReportExportQuery,
} from './dto/export-query.dto';
import { ExportView } from './dto/export-view.dto';
import type { ExportKind } from './export-kinds';
import type { ExportParams } from './export-sources';
import { type ExportOutcome, ExportsService } from './exports.service';
import { ReportsErrors } from './reports.errors';

const CSV_CONTENT = { 'text/csv': { schema: { type: 'string', format: 'binary' } } };

/** A CSV export route: the file (200, streamed) or, when large or asked with mode=job, the export job (202). */
const CsvExport = (operationId: string): MethodDecorator =>
  applyDecorators(
    AdminAuth('viewer'),
    AuditedRead(),
    ApiOperation({ operationId }),
    ApiOkResponse({ description: 'The CSV file: UTF-8 with BOM, one header line, CRLF.', content: CSV_CONTENT }),
    ApiAcceptedResponse({ description: 'Too large to stream (or mode=job): fetch the file when the export is ready.', type: ExportView }),
  );

/**
 * CSV exports of the lists and reports, with the lists' filters. Phone numbers are masked unless the caller is an
 * owner. Small exports stream at once; large ones run as a job (202) fetched from /admin/exports/{id}/file. Every
 * export and every download of an export's file is in the audit log, as admin writes are.
 */
@ApiTags('admin')
@Controller('admin/exports')
export class AdminExportsController {
  private readonly logger = new Logger('Exports');

  constructor(private readonly exports: ExportsService) {}

  /** Orders, one row per order line, amounts in yuan and in fen. */
  @Get('orders')
  @CsvExport('adminExportOrders')
  async orders(@CurrentAdmin() admin: AdminIdentity, @Query() q: OrderExportQuery, @Res() reply: FastifyReply): Promise<void> {
    await this.run(admin, 'orders', q, reply);
  }

  /** After-sale requests. */
  @Get('after-sales')
  @CsvExport('adminExportAfterSales')
  async afterSales(@CurrentAdmin() admin: AdminIdentity, @Query() q: AfterSaleExportQuery, @Res() reply: FastifyReply): Promise<void> {
    await this.run(admin, 'after-sales', q, reply);
  }

  /** Refunds. */
  @Get('refunds')
  @CsvExport('adminExportRefunds')
  async refunds(@CurrentAdmin() admin: AdminIdentity, @Query() q: RefundExportQuery, @Res() reply: FastifyReply): Promise<void> {
    await this.run(admin, 'refunds', q, reply);
  }

  /** Products and inventory, one row per SKU. */
  @Get('inventory')
  @CsvExport('adminExportInventory')
  async inventory(@CurrentAdmin() admin: AdminIdentity, @Query() q: InventoryExportQuery, @Res() reply: FastifyReply): Promise<void> {
    await this.run(admin, 'inventory', q, reply);
  }

  /** Shoppers with their paid orders and spend. */
  @Get('customers')
  @CsvExport('adminExportCustomers')
  async customers(@CurrentAdmin() admin: AdminIdentity, @Query() q: CustomerExportQuery, @Res() reply: FastifyReply): Promise<void> {
    await this.run(admin, 'customers', q, reply);
  }

  /** The sales report (as GET /admin/reports/sales). */
  @Get('sales-report')
  @CsvExport('adminExportSalesReport')
  async salesReport(@CurrentAdmin() admin: AdminIdentity, @Query() q: SalesReportExportQuery, @Res() reply: FastifyReply): Promise<void> {
    await this.run(admin, 'sales-report', q, reply);
  }

  /** The product report (as GET /admin/reports/products), every row. */
  @Get('product-report')
  @CsvExport('adminExportProductReport')
  async productReport(
    @CurrentAdmin() admin: AdminIdentity,
    @Query() q: ProductReportExportQuery,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.run(admin, 'product-report', q, reply);
  }

  /** The distribution report (as GET /admin/reports/distribution), every promoter, with their phone. */
  @Get('distribution-report')
  @CsvExport('adminExportDistributionReport')
  async distributionReport(
    @CurrentAdmin() admin: AdminIdentity,
    @Query() q: DistributionReportExportQuery,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.run(admin, 'distribution-report', q, reply);
  }

  /** One of the caller's export jobs. */
  @Get(':id')
  @AdminAuth('viewer')
  @ApiOperation({ operationId: 'adminGetExport' })
  @ApiErrors(ReportsErrors.exportNotFound)
  status(@CurrentAdmin() admin: AdminIdentity, @Param('id', IdPipe) id: number): Promise<ExportView> {
    return this.exports.status(admin, id);
  }

  /** The file of a ready export job. */
  @Get(':id/file')
  @AdminAuth('viewer')
  @AuditedRead()
  @ApiOperation({ operationId: 'adminDownloadExport' })
  @ApiOkResponse({ description: 'The CSV file: UTF-8 with BOM, one header line, CRLF.', content: CSV_CONTENT })
  @ApiErrors(ReportsErrors.exportNotFound, ReportsErrors.exportNotReady)
  async file(@CurrentAdmin() admin: AdminIdentity, @Param('id', IdPipe) id: number, @Res() reply: FastifyReply): Promise<void> {
    const { filename, body } = await this.exports.file(admin, id);
    await this.send(reply, { kind: 'stream', filename, body });
  }

  private async run(admin: AdminIdentity, kind: ExportKind, q: object, reply: FastifyReply): Promise<void> {
    await this.send(reply, await this.exports.start(admin, kind, q as ExportParams));
  }

  private async send(reply: FastifyReply, outcome: ExportOutcome): Promise<void> {
    if (outcome.kind === 'job') {
      await reply.status(202).send(outcome.view);
      return;
    }
    const { body, filename } = outcome;
    // Once the first bytes are out the status cannot change: on a failure mid-stream (a statement that fails or times
    // out) Fastify destroys the socket, so the client's download fails (no final chunk) instead of ending as a shorter
    // file. Fastify's own logger is off: the failure is logged here. (A client that goes away is no error: Fastify
    // destroys the stream without one.)
    body.once('error', (err) => {
      if (reply.raw.headersSent) {
        this.logger.error({ err, requestId: reply.request.id, file: filename }, 'export failed mid-stream: the download was cut');
      }
    });
    await reply
      .status(200)
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${filename}"`)
      .header('cache-control', 'no-store')
      .send(body);
  }
}
