import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { JSONObjectResolver, SafeIntResolver } from 'graphql-scalars';

const PAID_AMOUNT =
  "What the customer pays at Midtrans (its gross_amount), in rupiah: the amount plus the customer's fee when the merchant passes fees on; null until the customer has chosen a payment method.";
const FEE_AMOUNT = 'The fee the customer pays on top of the amount (paidAmount − amount); 0 without one.';
const WIB_TIME = "ISO-8601 with its offset; Midtrans' times are Western Indonesian Time (+07:00).";

@InputType({ description: 'One goods or service line; prices × quantities must add up to the amount.' })
export class ItemDetailInput {
  @Field(() => String, { nullable: true })
  id?: string;

  @Field(() => SafeIntResolver, { description: 'Unit price in whole rupiah (negative for a discount line).' })
  price!: number;

  @Field(() => Int)
  quantity!: number;

  @Field(() => String, { description: 'At most 50 characters.' })
  name!: string;

  @Field(() => String, { nullable: true })
  brand?: string;

  @Field(() => String, { nullable: true })
  category?: string;

  @Field(() => String, { nullable: true })
  merchantName?: string;
}

@InputType()
export class AddressInput {
  @Field(() => String, { nullable: true }) firstName?: string;
  @Field(() => String, { nullable: true }) lastName?: string;
  @Field(() => String, { nullable: true }) email?: string;
  @Field(() => String, { nullable: true }) phone?: string;
  @Field(() => String, { nullable: true }) address?: string;
  @Field(() => String, { nullable: true }) city?: string;
  @Field(() => String, { nullable: true }) postalCode?: string;
  @Field(() => String, { nullable: true, description: 'Three letters, e.g. IDN.' }) countryCode?: string;
}

@InputType()
export class CustomerDetailsInput {
  @Field(() => String, { nullable: true }) firstName?: string;
  @Field(() => String, { nullable: true }) lastName?: string;
  @Field(() => String, { nullable: true }) email?: string;
  @Field(() => String, { nullable: true }) phone?: string;
  @Field(() => AddressInput, { nullable: true }) billingAddress?: AddressInput;
  @Field(() => AddressInput, { nullable: true }) shippingAddress?: AddressInput;
}

@InputType({ description: 'Where Snap sends the customer afterwards: https URLs.' })
export class SnapCallbacksInput {
  @Field(() => String, { nullable: true, description: 'After the payment (or the payment instructions).' }) finish?: string;
  @Field(() => String, { nullable: true, description: 'After a payment error.' }) error?: string;
  @Field(() => String, { nullable: true, description: 'When the customer leaves the page unfinished.' }) unfinish?: string;
}

@InputType({ description: 'A duration of minutes, hours or days.' })
export class SnapDurationInput {
  @Field(() => String, { description: 'minutes, hours or days.' }) unit!: string;
  @Field(() => Int) duration!: number;
}

@InputType({ description: 'How long the payment stays payable once created.' })
export class SnapExpiryInput extends SnapDurationInput {
  @Field(() => String, { nullable: true, description: 'From when, e.g. "2025-01-09 16:00:00 +0700" (default: when created).' }) startTime?: string;
}

@InputType({ description: 'A new payment: the same fields as POST /charge.' })
export class CreateTransactionInput {
  @Field(() => String, { description: 'Unique bill id: 1-50 characters of A-Z a-z 0-9 - _ ~ .' })
  orderId!: string;

  @Field(() => SafeIntResolver, { description: 'Whole rupiah, more than 0.' })
  amount!: number;

  @Field(() => [ItemDetailInput], { nullable: true })
  itemDetails?: ItemDetailInput[];

  @Field(() => CustomerDetailsInput, { nullable: true })
  customerDetails?: CustomerDetailsInput;

  @Field(() => SnapCallbacksInput, { nullable: true, description: "Where Snap sends the customer afterwards (default: the app's URLs)." })
  callbacks?: SnapCallbacksInput;

  @Field(() => [String], { nullable: true, description: "The payment methods the page offers, in Snap's names (gopay, other_qris, bca_va, …)." })
  enabledPayments?: string[];

  @Field(() => SnapExpiryInput, { nullable: true, description: 'How long the payment stays payable once created.' })
  expiry?: SnapExpiryInput;

  @Field(() => SnapDurationInput, { nullable: true, description: 'How long the payment page may be used: 5 minutes to 7 days (default: SNAP_EXPIRY_MINUTES).' })
  pageExpiry?: SnapDurationInput;

  @Field(() => String, { nullable: true }) customField1?: string;
  @Field(() => String, { nullable: true }) customField2?: string;
  @Field(() => String, { nullable: true }) customField3?: string;
}

@ObjectType({ description: 'The Snap payment page of an order.' })
export class CreateTransactionPayload {
  @Field(() => String) orderId!: string;
  @Field(() => SafeIntResolver) amount!: number;
  @Field(() => String, { description: 'For Snap.js on a front end.' }) token!: string;
  @Field(() => String, { description: 'Send the customer here to pay.' }) redirectUrl!: string;
  @Field(() => String, {
    description:
      "The payment's client secret: give it to the shopper's page (never the app key). With it the page reads this payment's public view (query payment) and follows it live (subscription paymentUpdated), from the app's allowed origins.",
  })
  clientSecret!: string;
}

@ObjectType({ description: "A transaction's status as Midtrans reports it now." })
export class TransactionStatus {
  @Field(() => String) orderId!: string;
  @Field(() => String, { description: 'pending, settlement, capture, deny, cancel, expire, failure, refund, …' })
  transactionStatus!: string;
  @Field(() => Boolean, { description: 'True when the money arrived (settlement, or capture accepted).' })
  paid!: boolean;
  @Field(() => Boolean, { description: 'False while the customer has not chosen a payment method yet.' })
  knownToMidtrans!: boolean;
  @Field(() => String, { nullable: true }) fraudStatus?: string | null;
  @Field(() => String) statusCode!: string;
  @Field(() => String, { nullable: true }) statusMessage?: string | null;
  @Field(() => String, { nullable: true }) transactionId?: string | null;
  @Field(() => String, { nullable: true }) paymentType?: string | null;
  @Field(() => SafeIntResolver, { description: 'What the app charged, in rupiah.' }) amount!: number;
  @Field(() => SafeIntResolver, { nullable: true, description: PAID_AMOUNT })
  paidAmount?: number | null;
  @Field(() => SafeIntResolver, { nullable: true, description: FEE_AMOUNT }) feeAmount?: number | null;
  @Field(() => String) currency!: string;
  @Field(() => String, { nullable: true, description: WIB_TIME })
  transactionTime?: string | null;
  @Field(() => String, { nullable: true, description: WIB_TIME }) settlementTime?: string | null;
  @Field(() => JSONObjectResolver, { description: "Midtrans' status answer as it came (without its signature)." })
  raw!: Record<string, unknown>;
}

@ObjectType({ description: "A payment in the calling app's ledger." })
export class TransactionNode {
  @Field(() => String) orderId!: string;
  @Field(() => SafeIntResolver, { description: 'What the app charged, in rupiah.' }) amount!: number;
  @Field(() => SafeIntResolver, { nullable: true, description: PAID_AMOUNT })
  paidAmount?: number | null;
  @Field(() => SafeIntResolver, { nullable: true, description: FEE_AMOUNT }) feeAmount?: number | null;
  @Field(() => String) currency!: string;
  @Field(() => String, { description: 'The latest status gerbang knows of.' }) transactionStatus!: string;
  @Field(() => Boolean) paid!: boolean;
  @Field(() => String, { nullable: true }) paymentType?: string | null;
  @Field(() => String, { nullable: true }) token?: string | null;
  @Field(() => String, { nullable: true }) redirectUrl?: string | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) updatedAt!: Date;
}

@ObjectType()
export class TransactionEdge {
  @Field(() => String) cursor!: string;
  @Field(() => TransactionNode) node!: TransactionNode;
}

@ObjectType()
export class PageInfo {
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ObjectType()
export class TransactionConnection {
  @Field(() => [TransactionEdge]) edges!: TransactionEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

@ObjectType({ description: 'One status change of a transaction.' })
export class TimelineEntry {
  @Field(() => Int) sequence!: number;
  @Field(() => String, { nullable: true }) fromStatus!: string | null;
  @Field(() => String) toStatus!: string;
  @Field(() => String, { description: 'charge, notification, poll, operation or admin.' }) source!: string;
  @Field(() => String, { nullable: true }) detail!: string | null;
  @Field(() => Date) at!: Date;
}

@ObjectType({ description: 'A transaction with its timeline.' })
export class TransactionDetail extends TransactionNode {
  @Field(() => SafeIntResolver) refundedAmount!: number;
  @Field(() => Int, { description: 'Increases with every status change (webhook data.sequence).' }) sequence!: number;
  @Field(() => String, { nullable: true, description: WIB_TIME }) transactionTime?: string | null;
  @Field(() => String, { nullable: true, description: WIB_TIME }) settlementTime?: string | null;
  @Field(() => Boolean, {
    description: 'True when Midtrans confirmed the payment after gerbang had marked its page expired unused: deliver the order, or refund it.',
  })
  paidAfterExpiry!: boolean;
  @Field(() => [TimelineEntry]) timeline!: TimelineEntry[];
  @Field(() => String, { nullable: true, description: "The payment's client secret, for the app's own page (apps only)." }) clientSecret?: string | null;
}

@InputType()
export class RefundInput {
  @Field(() => String) orderId!: string;
  @Field(() => SafeIntResolver, { nullable: true, description: 'Rupiah to refund; everything left when absent.' }) amount?: number;
  @Field(() => String, { nullable: true }) reason?: string;
  @Field(() => String, { nullable: true, description: 'Your id for this refund: a repeat with the same key refunds once.' })
  refundKey?: string;
}
