import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@app/common';
import { dbValue, execute, type Sql, type StatusStep, stepStatus } from '@app/database';
import { type PaymentActor, paymentStates } from './payment-state';
import type { Payment, PaymentStatus } from './payment.entity';
import { INSERT_PAYMENT_EVENT, INSERT_REFUND_EVENT, PAYMENT_STEPS, REFUND_STEPS } from './payments.sql';
import { refundStates } from './refund-state';
import type { Refund, RefundStatus } from './refund.entity';

/** Who causes a payment or refund step, and why (the audit row). */
export interface PaymentCause {
  actor: PaymentActor;
  actorId?: number | null;
  note: string;
}

type Values<E, S extends StatusStep<E, keyof E & string>> = Omit<Pick<E, S['columns'][number]>, 'updatedAt'>;

/**
 * The one way payments and refunds change state, on the same pattern as orders: the state machine's table and
 * actor guard, a conditional update on the expected state (false = lost race: nothing written), and an audit row
 * (`payment_event`, `refund_event`) saying who and why, in the caller's transaction.
 */
@Injectable()
export class PaymentTransitions {
  constructor(private readonly clock: Clock) {}

  async payment<K extends keyof typeof PAYMENT_STEPS>(
    m: EntityManager,
    payment: Pick<Payment, 'id' | 'status'>,
    to: PaymentStatus & K,
    values: Values<Payment, (typeof PAYMENT_STEPS)[K]>,
    cause: PaymentCause,
  ): Promise<boolean> {
    paymentStates.assertAllowed(cause.actor, payment.status, to, String(payment.id));
    return this.step(m, PAYMENT_STEPS[to], INSERT_PAYMENT_EVENT, payment, to, values, cause);
  }

  async refund<K extends keyof typeof REFUND_STEPS>(
    m: EntityManager,
    refund: Pick<Refund, 'id' | 'status'>,
    step: K,
    to: RefundStatus,
    values: Values<Refund, (typeof REFUND_STEPS)[K]>,
    cause: PaymentCause,
  ): Promise<boolean> {
    refundStates.assertAllowed(cause.actor, refund.status, to, String(refund.id));
    return this.step(m, REFUND_STEPS[step], INSERT_REFUND_EVENT, refund, to, values, cause);
  }

  private async step<E>(
    m: EntityManager,
    step: StatusStep<E, keyof E & string>,
    audit: Sql,
    row: { id: number; status: string },
    to: string,
    values: object,
    cause: PaymentCause,
  ): Promise<boolean> {
    const now = this.clock.now();
    if (!(await stepStatus(m, step, row.id, row.status, to, { ...values, updatedAt: now } as unknown as Pick<E, keyof E & string>)))
      return false;
    await execute(m, audit, [row.id, row.status, to, cause.actor, cause.actorId ?? null, cause.note.slice(0, 255), dbValue(m, now)]);
    return true;
  }
}
