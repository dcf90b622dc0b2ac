import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminAuth, type AdminIdentity, CurrentAdmin } from '@app/auth';
import { ApiErrors, IdPipe } from '@app/common';
import { CreateOrderNoteDto, type OrderNoteView } from './dto/order-note.dto';
import { OrderNotesService } from './order-notes.service';
import { OrdersErrors } from './orders.errors';

@ApiTags('admin')
@Controller('admin/orders/:id/notes')
export class AdminOrderNotesController {
  constructor(private readonly notes: OrderNotesService) {}

  /** Operators' notes on an order, oldest first (never shown to the buyer). */
  @Get()
  @AdminAuth('viewer')
  @ApiOperation({ operationId: 'adminListOrderNotes' })
  @ApiErrors(OrdersErrors.notFound)
  list(@Param('id', IdPipe) id: number): Promise<OrderNoteView[]> {
    return this.notes.list(id);
  }

  /** Add a note to an order; answers all its notes. */
  @Post()
  @AdminAuth('operator')
  @ApiOperation({ operationId: 'adminAddOrderNote' })
  @ApiErrors(OrdersErrors.notFound)
  add(@CurrentAdmin() admin: AdminIdentity, @Param('id', IdPipe) id: number, @Body() dto: CreateOrderNoteDto): Promise<OrderNoteView[]> {
    return this.notes.add(admin.adminId, id, dto.body);
  }
}
