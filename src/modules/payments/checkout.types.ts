import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { SafeIntResolver } from 'graphql-scalars';

export enum PaymentState {
  waiting = 'waiting',
  paid = 'paid',
  failed = 'failed',
  expired = 'expired',
  refunded = 'refunded',
}
registerEnumType(PaymentState, {
  name: 'PaymentState',
  description: 'A payment as a shopper sees it: waiting (not paid yet), paid, failed (denied or cancelled), expired, refunded (all or part).',
});

@ObjectType({ description: 'What a client secret shows of its one payment: no customer data, no app data, no other payment.' })
export class PublicPayment {
  @Field(() => String) orderId!: string;
  @Field(() => SafeIntResolver) amount!: number;
  @Field(() => String) currency!: string;
  @Field(() => PaymentState) state!: PaymentState;
  @Field(() => String, { nullable: true, description: "Midtrans' payment_type, once chosen." }) paymentMethod!: string | null;
  @Field(() => String, { nullable: true, description: 'For snap.pay(token) with Snap.js.' }) snapToken!: string | null;
  @Field(() => String, { nullable: true, description: 'The payment page, to open instead of Snap.js.' }) redirectUrl!: string | null;
  @Field(() => Date, { nullable: true }) paidAt!: Date | null;
  @Field(() => Int, { description: 'Increases with every change; keep the highest seen.' }) sequence!: number;
}

@ObjectType({ description: 'What a checkout page needs to open Snap.' })
export class CheckoutConfigType {
  @Field(() => String, { description: 'midtrans, or simulator (gerbang is its own Midtrans: open the payment redirectUrl).' }) provider!: string;
  @Field(() => String, { nullable: true, description: "Midtrans' client key (data-client-key of snap.js); public by design." }) clientKey!: string | null;
  @Field(() => Boolean) production!: boolean;
  @Field(() => String, { nullable: true, description: "Midtrans' Snap.js for this environment; null in simulator mode." }) snapJsUrl!: string | null;
}
