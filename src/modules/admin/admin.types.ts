import { Field, InputType, Int, ObjectType, Float } from 'type-graphql';
import { JSONObjectResolver, SafeIntResolver } from 'graphql-scalars';
import { TransactionDetail } from '../payments/payment.types.js';
import { WebhookEventType, WebhookHealthType } from '../webhooks/webhook.types.js';

@ObjectType({ description: 'The administrator using this session or token.' })
export class AdminMe {
  @Field(() => String) username!: string;
  @Field(() => String, { description: 'session or token' }) via!: string;
}

@ObjectType({ description: 'What an authenticator app needs to make sign-in codes.' })
export class TwoFactorSetup {
  @Field(() => String, { description: 'The secret in base32, to type in when the QR code cannot be scanned.' }) secret!: string;
  @Field(() => String, { description: 'The otpauth:// address the QR code holds.' }) otpauthUrl!: string;
  @Field(() => String, { description: 'The QR code as an SVG image, drawn by gerbang.' }) qrSvg!: string;
}

@ObjectType({ description: "What an app's charges get when they leave Snap options out." })
export class AppSnapDefaultsType {
  @Field(() => String, { nullable: true, description: 'Where Snap sends the customer after paying.' }) finishUrl?: string | null;
  @Field(() => String, { nullable: true }) errorUrl?: string | null;
  @Field(() => String, { nullable: true }) unfinishUrl?: string | null;
  @Field(() => [String], { nullable: true, description: 'The payment methods the page offers (Snap names).' }) enabledPayments?: string[] | null;
  @Field(() => Int, { nullable: true, description: 'How long a payment page may be used, in minutes.' }) pageExpiryMinutes?: number | null;
}

@ObjectType({ description: 'A merchant app, as admins see it (never its key).' })
export class AdminApp {
  @Field(() => String) code!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { description: 'The first characters of the key, to tell keys apart.' }) keyPrefix!: string;
  @Field(() => Boolean) active!: boolean;
  @Field(() => String, { nullable: true }) webhookUrl!: string | null;
  @Field(() => Boolean) allowPrivateWebhooks!: boolean;
  @Field(() => WebhookHealthType, { description: "How the app's webhook endpoint is doing." }) webhookHealth!: WebhookHealthType;
  @Field(() => AppSnapDefaultsType, { nullable: true, description: "What the app's charges get when they leave Snap options out." })
  snapDefaults!: AppSnapDefaultsType | null;
  @Field(() => [String], { description: "Browser origins whose pages may use the app's client secrets." }) allowedOrigins!: string[];
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) keyRotatedAt!: Date;
}

@ObjectType()
export class AppKeyPayload {
  @Field(() => AdminApp) app!: AdminApp;
  @Field(() => String, { description: 'The key, shown only now: gerbang keeps only its hash.' }) apiKey!: string;
}

@ObjectType()
export class UpdateAppPayload {
  @Field(() => AdminApp) app!: AdminApp;
  @Field(() => String, { nullable: true, description: 'The webhook signing secret, when this update created it.' })
  webhookSecret!: string | null;
}

@InputType()
export class CreateAppInput {
  @Field(() => String) code!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true, description: 'Import an existing key instead of generating one.' }) key?: string;
}

@InputType({ description: "What an app's charges get when they leave Snap options out." })
export class AppSnapDefaultsInput {
  @Field(() => String, { nullable: true, description: 'https URL.' }) finishUrl?: string;
  @Field(() => String, { nullable: true }) errorUrl?: string;
  @Field(() => String, { nullable: true }) unfinishUrl?: string;
  @Field(() => [String], { nullable: true }) enabledPayments?: string[];
  @Field(() => Int, { nullable: true, description: '5 to 10080.' }) pageExpiryMinutes?: number;
}

@InputType()
export class UpdateAppInput {
  @Field(() => String) code!: string;
  @Field(() => String, { nullable: true }) name?: string;
  @Field(() => String, { nullable: true, description: 'An empty string removes the webhook.' }) webhookUrl?: string;
  @Field(() => Boolean, { nullable: true }) allowPrivateWebhooks?: boolean;
  @Field(() => AppSnapDefaultsInput, { nullable: true, description: "Replaces the app's Snap defaults (all fields empty: none)." })
  snapDefaults?: AppSnapDefaultsInput;
  @Field(() => [String], {
    nullable: true,
    description: "Replaces the browser origins (https://shop.example.id) whose pages may use the app's client secrets; [] removes them all.",
  })
  allowedOrigins?: string[];
}

@InputType()
export class AdminTransactionFilter {
  @Field(() => String, { nullable: true }) appCode?: string;
  @Field(() => String, { nullable: true }) status?: string;
  @Field(() => Boolean, { nullable: true, description: 'Only paid payments (settlement, or capture accepted by the fraud check), or only the others.' })
  paid?: boolean;
  @Field(() => Date, { nullable: true, description: 'Created at or after.' }) from?: Date;
  @Field(() => Date, { nullable: true, description: 'Created before.' }) to?: Date;
  @Field(() => String, { nullable: true, description: 'Part of an order_id.' }) search?: string;
  @Field(() => Boolean, { nullable: true, description: 'Only payments confirmed after their page had expired (true), or only the others (false).' })
  paidAfterExpiry?: boolean;
}

@ObjectType()
export class AdminTransactionNode {
  @Field(() => String) appCode!: string;
  @Field(() => String) orderId!: string;
  @Field(() => SafeIntResolver) amount!: number;
  @Field(() => SafeIntResolver, { nullable: true, description: 'gross_amount at Midtrans, fee included.' }) paidAmount!: number | null;
  @Field(() => SafeIntResolver, { nullable: true }) feeAmount!: number | null;
  @Field(() => String) transactionStatus!: string;
  @Field(() => Boolean) paid!: boolean;
  @Field(() => Boolean, { description: 'Confirmed after gerbang had marked its page expired unused.' }) paidAfterExpiry!: boolean;
  @Field(() => String, { nullable: true }) paymentType!: string | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) updatedAt!: Date;
}

@ObjectType()
export class AdminTransactionEdge {
  @Field(() => String) cursor!: string;
  @Field(() => AdminTransactionNode) node!: AdminTransactionNode;
}

@ObjectType({ description: 'Of every transaction the filter matches, not only one page.' })
export class AdminTransactionTotals {
  @Field(() => Int) count!: number;
  @Field(() => SafeIntResolver, { description: 'What the apps charged, in Rupiah.' }) amount!: number;
  @Field(() => SafeIntResolver, { description: 'What customers paid (gross amount, fees included), in Rupiah.' }) paidAmount!: number;
}

@ObjectType()
export class AdminTransactionConnection {
  @Field(() => AdminTransactionTotals) totals!: AdminTransactionTotals;
  @Field(() => [AdminTransactionEdge]) edges!: AdminTransactionEdge[];
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ObjectType({ description: 'A Midtrans notification as it arrived.' })
export class NotificationInfo {
  @Field(() => Int) id!: number;
  @Field(() => String) orderId!: string;
  @Field(() => String, { nullable: true, description: 'What it claimed (confirmed with the status API before use).' }) claimedStatus!: string | null;
  @Field(() => String, { description: 'received, applied, no_change or orphan.' }) outcome!: string;
  @Field(() => Int) receivedCount!: number;
  @Field(() => Date) receivedAt!: Date;
  @Field(() => JSONObjectResolver) payload!: Record<string, unknown>;
}

@ObjectType({ description: 'A transaction in full, for admins.' })
export class AdminTransactionDetail extends TransactionDetail {
  @Field(() => String) appCode!: string;
  @Field(() => String, { nullable: true }) fraudStatus!: string | null;
  @Field(() => String, { nullable: true }) midtransTransactionId!: string | null;
  @Field(() => JSONObjectResolver, { nullable: true, description: "Midtrans' last status answer (without its signature)." })
  rawStatus!: Record<string, unknown> | null;
  @Field(() => [NotificationInfo]) notifications!: NotificationInfo[];
  @Field(() => [WebhookEventType]) webhookEvents!: WebhookEventType[];
  @Field(() => CustomerInfo, { nullable: true }) customer!: CustomerInfo | null;
  @Field(() => [ItemInfo]) items!: ItemInfo[];
  @Field(() => PaymentChannel, { nullable: true, description: 'Once the customer chose a method.' }) channel!: PaymentChannel | null;
}

@ObjectType({ description: 'Who paid, as the app sent it with the charge.' })
export class CustomerInfo {
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => String, { nullable: true }) email!: string | null;
  @Field(() => String, { nullable: true }) phone!: string | null;
}

@ObjectType({ description: 'One item line of a payment.' })
export class ItemInfo {
  @Field(() => String, { nullable: true }) id!: string | null;
  @Field(() => String) name!: string;
  @Field(() => SafeIntResolver) price!: number;
  @Field(() => Int) quantity!: number;
}

@ObjectType({ description: 'How the customer paid: the method, and the bank and reference a customer quotes (VA number, bill key, payment code, card).' })
export class PaymentChannel {
  @Field(() => String, { description: "Midtrans' payment_type." }) method!: string;
  @Field(() => String, { nullable: true, description: 'The bank, issuer or store.' }) bank!: string | null;
  @Field(() => String, { nullable: true, description: 'va, bill_key, payment_code or card.' }) referenceKind!: string | null;
  @Field(() => String, { nullable: true }) reference!: string | null;
}

@ObjectType({ description: 'A test webhook: what the endpoint answered, or why there was no answer.' })
export class WebhookTestResultType {
  @Field(() => String, { description: 'The webhook-id it was sent with.' }) id!: string;
  @Field(() => String, { nullable: true }) url!: string | null;
  @Field(() => Boolean, { description: 'The endpoint answered 2xx.' }) delivered!: boolean;
  @Field(() => Int, { nullable: true }) statusCode!: number | null;
  @Field(() => String, { nullable: true, description: 'The start of the answer (500 characters at most).' }) body!: string | null;
  @Field(() => String, { nullable: true }) error!: string | null;
  @Field(() => Int) latencyMs!: number;
}

@InputType()
export class AdminRefundInput {
  @Field(() => String) orderId!: string;
  @Field(() => SafeIntResolver, { nullable: true, description: 'Rupiah to refund; everything left when absent.' }) amount?: number | null;
  @Field(() => String, { description: 'Why: kept in the audit log and sent to Midtrans.' }) reason!: string;
}

@InputType()
export class AuditFilter {
  @Field(() => String, { nullable: true, description: 'The admin (user name) or "cli".' }) actor?: string | null;
  @Field(() => String, { nullable: true, description: 'An action (app.create, transaction.refund, …), or its group ("app", "transaction").' })
  action?: string | null;
  @Field(() => Date, { nullable: true, description: 'At or after.' }) from?: Date | null;
  @Field(() => Date, { nullable: true, description: 'Before.' }) to?: Date | null;
}

@ObjectType({ description: 'Payments of one app or one payment method over the last 30 days.' })
export class VolumeBreakdown {
  @Field(() => String, { description: 'The app code, or the payment method (payment_type; "none" when not chosen).' }) key!: string;
  @Field(() => Int) count!: number;
  @Field(() => Int) paidCount!: number;
  @Field(() => SafeIntResolver, { description: 'Rupiah of paid payments.' }) volume!: number;
}

@ObjectType()
export class PeriodStatsType {
  @Field(() => Int) count!: number;
  @Field(() => Int) paidCount!: number;
  @Field(() => SafeIntResolver, { description: 'Rupiah of paid payments.' }) volume!: number;
}

@ObjectType()
export class DailyVolume {
  @Field(() => String, { description: 'YYYY-MM-DD, Western Indonesian Time.' }) date!: string;
  @Field(() => Int) count!: number;
  @Field(() => SafeIntResolver) volume!: number;
}

@ObjectType()
export class Dashboard {
  @Field(() => PeriodStatsType) today!: PeriodStatsType;
  @Field(() => PeriodStatsType) month!: PeriodStatsType;
  @Field(() => Float, { nullable: true, description: 'Paid ÷ finished payments over the last 30 days (0 to 1).' }) successRate!: number | null;
  @Field(() => [DailyVolume]) daily!: DailyVolume[];
  @Field(() => [VolumeBreakdown], { description: 'The last 30 days by app, largest paid volume first.' }) byApp!: VolumeBreakdown[];
  @Field(() => [VolumeBreakdown], { description: 'The last 30 days by payment method, largest paid volume first.' }) byMethod!: VolumeBreakdown[];
}

@ObjectType({ description: 'One admin action.' })
export class AuditEntryType {
  @Field(() => Int) id!: number;
  @Field(() => String) actor!: string;
  @Field(() => String) action!: string;
  @Field(() => String, { nullable: true }) target!: string | null;
  @Field(() => JSONObjectResolver, { nullable: true }) detail!: Record<string, unknown> | null;
  @Field(() => String, { nullable: true }) ip!: string | null;
  @Field(() => Date) at!: Date;
}

@ObjectType({ description: 'Facts about this gerbang for admins.' })
export class GatewayInfo {
  @Field(() => String, { description: 'Enter this as the Payment Notification URL in the Midtrans dashboard.' }) notificationUrl!: string;
  @Field(() => String, { description: 'midtrans or simulator.' }) provider!: string;
  @Field(() => Boolean) production!: boolean;
}
