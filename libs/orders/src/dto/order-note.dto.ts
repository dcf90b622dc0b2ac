import { IsText } from '@app/common';

export class CreateOrderNoteDto {
  @IsText(1, 500)
  body!: string;
}

export class OrderNoteView {
  id!: number;
  adminId!: number;
  body!: string;
  createdAt!: string;
}
