/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type AdminRefundInput = {
  /** Rupiah to refund; everything left when absent. */
  amount?: number | null | undefined;
  orderId: string;
  /** Why: kept in the audit log and sent to Midtrans. */
  reason: string;
};

export type AdminTransactionFilter = {
  appCode?: string | null | undefined;
  /** Created at or after. */
  from?: string | null | undefined;
  /** Only paid payments (settlement, or capture accepted by the fraud check), or only the others. */
  paid?: boolean | null | undefined;
  /** Only payments confirmed after their page had expired (true), or only the others (false). */
  paidAfterExpiry?: boolean | null | undefined;
  /** Part of an order_id. */
  search?: string | null | undefined;
  status?: string | null | undefined;
  /** Created before. */
  to?: string | null | undefined;
};

/** What an app's charges get when they leave Snap options out. */
export type AppSnapDefaultsInput = {
  enabledPayments?: Array<string> | null | undefined;
  errorUrl?: string | null | undefined;
  /** https URL. */
  finishUrl?: string | null | undefined;
  /** 5 to 10080. */
  pageExpiryMinutes?: number | null | undefined;
  unfinishUrl?: string | null | undefined;
};

export type AuditFilter = {
  /** An action (app.create, transaction.refund, …), or its group ("app", "transaction"). */
  action?: string | null | undefined;
  /** The admin (user name) or "cli". */
  actor?: string | null | undefined;
  /** At or after. */
  from?: string | null | undefined;
  /** Before. */
  to?: string | null | undefined;
};

export type CreateAppInput = {
  code: string;
  /** Import an existing key instead of generating one. */
  key?: string | null | undefined;
  name: string;
};

export type UpdateAppInput = {
  allowPrivateWebhooks?: boolean | null | undefined;
  /** Replaces the browser origins (https://shop.example.id) whose pages may use the app's client secrets; [] removes them all. */
  allowedOrigins?: Array<string> | null | undefined;
  code: string;
  name?: string | null | undefined;
  /** Replaces the app's Snap defaults (all fields empty: none). */
  snapDefaults?: AppSnapDefaultsInput | null | undefined;
  /** An empty string removes the webhook. */
  webhookUrl?: string | null | undefined;
};

export type LoginMutationVariables = Exact<{
  username: string;
  password: string;
  code?: string | null | undefined;
}>;


export type LoginMutation = { login: { username: string } };

export type LogoutMutationVariables = Exact<{ [key: string]: never; }>;


export type LogoutMutation = { logout: boolean };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { username: string, locale: string | null } };

export type DashboardPageQueryVariables = Exact<{ [key: string]: never; }>;


export type DashboardPageQuery = { dashboard: { successRate: number | null, today: { count: number, paidCount: number, volume: number }, month: { count: number, paidCount: number, volume: number }, daily: Array<{ date: string, count: number, volume: number }>, byApp: Array<{ key: string, count: number, paidCount: number, volume: number }>, byMethod: Array<{ key: string, count: number, paidCount: number, volume: number }> }, gateway: { notificationUrl: string, provider: string, production: boolean } };

export type AppsPageQueryVariables = Exact<{ [key: string]: never; }>;


export type AppsPageQuery = { apps: Array<{ code: string, name: string, keyPrefix: string, active: boolean, webhookUrl: string | null, allowPrivateWebhooks: boolean, allowedOrigins: Array<string>, createdAt: string, keyRotatedAt: string, webhookHealth: { state: string, failingSince: string | null, pausedUntil: string | null, unreachableAttempts: number }, snapDefaults: { finishUrl: string | null, errorUrl: string | null, unfinishUrl: string | null, enabledPayments: Array<string> | null, pageExpiryMinutes: number | null } | null }> };

export type UpdateAppMutationVariables = Exact<{
  input: UpdateAppInput;
}>;


export type UpdateAppMutation = { updateApp: { webhookSecret: string | null, app: { code: string } } };

export type SendTestWebhookMutationVariables = Exact<{
  appCode: string;
}>;


export type SendTestWebhookMutation = { sendTestWebhook: { url: string | null, delivered: boolean, statusCode: number | null, body: string | null, error: string | null, latencyMs: number } };

export type UpdateAppDefaultsMutationVariables = Exact<{
  input: UpdateAppInput;
}>;


export type UpdateAppDefaultsMutation = { updateApp: { app: { code: string } } };

export type CreateAppMutationVariables = Exact<{
  input: CreateAppInput;
}>;


export type CreateAppMutation = { createApp: { apiKey: string, app: { code: string, name: string } } };

export type RotateAppKeyMutationVariables = Exact<{
  code: string;
}>;


export type RotateAppKeyMutation = { rotateAppKey: { apiKey: string, app: { code: string } } };

export type DisableAppMutationVariables = Exact<{
  code: string;
}>;


export type DisableAppMutation = { disableApp: { code: string, active: boolean } };

export type EnableAppMutationVariables = Exact<{
  code: string;
}>;


export type EnableAppMutation = { enableApp: { code: string, active: boolean } };

export type TransactionsPageQueryVariables = Exact<{
  filter?: AdminTransactionFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type TransactionsPageQuery = { adminTransactions: { hasNextPage: boolean, endCursor: string | null, totals: { count: number, amount: number, paidAmount: number }, edges: Array<{ cursor: string, node: { appCode: string, orderId: string, amount: number, transactionStatus: string, paid: boolean, paymentType: string | null, createdAt: string } }> } };

export type TransactionPageQueryVariables = Exact<{
  orderId: string;
}>;


export type TransactionPageQuery = { adminTransaction: { appCode: string, orderId: string, amount: number, paidAmount: number | null, feeAmount: number | null, refundedAmount: number, currency: string, transactionStatus: string, fraudStatus: string | null, paid: boolean, paymentType: string | null, midtransTransactionId: string | null, redirectUrl: string | null, paidAfterExpiry: boolean, createdAt: string, updatedAt: string, rawStatus: Record<string, unknown> | null, customer: { name: string | null, email: string | null, phone: string | null } | null, items: Array<{ id: string | null, name: string, price: number, quantity: number }>, channel: { method: string, bank: string | null, referenceKind: string | null, reference: string | null } | null, timeline: Array<{ sequence: number, fromStatus: string | null, toStatus: string, source: string, detail: string | null, at: string }>, notifications: Array<{ id: number, claimedStatus: string | null, outcome: string, receivedCount: number, receivedAt: string }>, webhookEvents: Array<{ id: string, type: string, state: string, attempts: number, lastError: string | null, createdAt: string, attemptLog: Array<{ at: string, statusCode: number | null, latencyMs: number, error: string | null }> }> } };

export type ReplayWebhookMutationVariables = Exact<{
  id: string;
}>;


export type ReplayWebhookMutation = { adminReplayWebhookEvent: boolean };

export type AuditPageQueryVariables = Exact<{
  before?: number | null | undefined;
  filter?: AuditFilter | null | undefined;
}>;


export type AuditPageQuery = { auditLog: Array<{ id: number, actor: string, action: string, target: string | null, detail: Record<string, unknown> | null, ip: string | null, at: string }> };

export type AdminCancelMutationVariables = Exact<{
  orderId: string;
}>;


export type AdminCancelMutation = { adminCancelTransaction: { transactionStatus: string } };

export type AdminExpireMutationVariables = Exact<{
  orderId: string;
}>;


export type AdminExpireMutation = { adminExpireTransaction: { transactionStatus: string } };

export type AdminRefundMutationVariables = Exact<{
  input: AdminRefundInput;
}>;


export type AdminRefundMutation = { adminRefundTransaction: { transactionStatus: string, refundedAmount: number } };

export type ReplayFailedWebhooksMutationVariables = Exact<{
  appCode: string;
}>;


export type ReplayFailedWebhooksMutation = { adminReplayFailedWebhookEvents: number };

export type AccountQueryVariables = Exact<{ [key: string]: never; }>;


export type AccountQuery = { me: { username: string, twoFactor: boolean } };

export type StartTwoFactorMutationVariables = Exact<{ [key: string]: never; }>;


export type StartTwoFactorMutation = { startTwoFactor: { secret: string, qrSvg: string } };

export type ConfirmTwoFactorMutationVariables = Exact<{
  code: string;
}>;


export type ConfirmTwoFactorMutation = { confirmTwoFactor: Array<string> };

export type ModeQueryVariables = Exact<{ [key: string]: never; }>;


export type ModeQuery = { gateway: { provider: string } };

export type SetLocaleMutationVariables = Exact<{
  locale: string;
}>;


export type SetLocaleMutation = { setLocale: string };

export type LedgerUpdatedSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type LedgerUpdatedSubscription = { ledgerUpdated: { appCode: string, orderId: string, sequence: number, transactionStatus: string } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const LoginDocument = new TypedDocumentString(`
    mutation Login($username: String!, $password: String!, $code: String) {
  login(username: $username, password: $password, code: $code) {
    username
  }
}
    `) as unknown as TypedDocumentString<LoginMutation, LoginMutationVariables>;
export const LogoutDocument = new TypedDocumentString(`
    mutation Logout {
  logout
}
    `) as unknown as TypedDocumentString<LogoutMutation, LogoutMutationVariables>;
export const MeDocument = new TypedDocumentString(`
    query Me {
  me {
    username
    locale
  }
}
    `) as unknown as TypedDocumentString<MeQuery, MeQueryVariables>;
export const DashboardPageDocument = new TypedDocumentString(`
    query DashboardPage {
  dashboard {
    today {
      count
      paidCount
      volume
    }
    month {
      count
      paidCount
      volume
    }
    successRate
    daily {
      date
      count
      volume
    }
    byApp {
      key
      count
      paidCount
      volume
    }
    byMethod {
      key
      count
      paidCount
      volume
    }
  }
  gateway {
    notificationUrl
    provider
    production
  }
}
    `) as unknown as TypedDocumentString<DashboardPageQuery, DashboardPageQueryVariables>;
export const AppsPageDocument = new TypedDocumentString(`
    query AppsPage {
  apps {
    code
    name
    keyPrefix
    active
    webhookUrl
    allowPrivateWebhooks
    webhookHealth {
      state
      failingSince
      pausedUntil
      unreachableAttempts
    }
    snapDefaults {
      finishUrl
      errorUrl
      unfinishUrl
      enabledPayments
      pageExpiryMinutes
    }
    allowedOrigins
    createdAt
    keyRotatedAt
  }
}
    `) as unknown as TypedDocumentString<AppsPageQuery, AppsPageQueryVariables>;
export const UpdateAppDocument = new TypedDocumentString(`
    mutation UpdateApp($input: UpdateAppInput!) {
  updateApp(input: $input) {
    app {
      code
    }
    webhookSecret
  }
}
    `) as unknown as TypedDocumentString<UpdateAppMutation, UpdateAppMutationVariables>;
export const SendTestWebhookDocument = new TypedDocumentString(`
    mutation SendTestWebhook($appCode: String!) {
  sendTestWebhook(appCode: $appCode) {
    url
    delivered
    statusCode
    body
    error
    latencyMs
  }
}
    `) as unknown as TypedDocumentString<SendTestWebhookMutation, SendTestWebhookMutationVariables>;
export const UpdateAppDefaultsDocument = new TypedDocumentString(`
    mutation UpdateAppDefaults($input: UpdateAppInput!) {
  updateApp(input: $input) {
    app {
      code
    }
  }
}
    `) as unknown as TypedDocumentString<UpdateAppDefaultsMutation, UpdateAppDefaultsMutationVariables>;
export const CreateAppDocument = new TypedDocumentString(`
    mutation CreateApp($input: CreateAppInput!) {
  createApp(input: $input) {
    apiKey
    app {
      code
      name
    }
  }
}
    `) as unknown as TypedDocumentString<CreateAppMutation, CreateAppMutationVariables>;
export const RotateAppKeyDocument = new TypedDocumentString(`
    mutation RotateAppKey($code: String!) {
  rotateAppKey(code: $code) {
    apiKey
    app {
      code
    }
  }
}
    `) as unknown as TypedDocumentString<RotateAppKeyMutation, RotateAppKeyMutationVariables>;
export const DisableAppDocument = new TypedDocumentString(`
    mutation DisableApp($code: String!) {
  disableApp(code: $code) {
    code
    active
  }
}
    `) as unknown as TypedDocumentString<DisableAppMutation, DisableAppMutationVariables>;
export const EnableAppDocument = new TypedDocumentString(`
    mutation EnableApp($code: String!) {
  enableApp(code: $code) {
    code
    active
  }
}
    `) as unknown as TypedDocumentString<EnableAppMutation, EnableAppMutationVariables>;
export const TransactionsPageDocument = new TypedDocumentString(`
    query TransactionsPage($filter: AdminTransactionFilter, $first: Int, $after: String) {
  adminTransactions(filter: $filter, first: $first, after: $after) {
    totals {
      count
      amount
      paidAmount
    }
    edges {
      cursor
      node {
        appCode
        orderId
        amount
        transactionStatus
        paid
        paymentType
        createdAt
      }
    }
    hasNextPage
    endCursor
  }
}
    `) as unknown as TypedDocumentString<TransactionsPageQuery, TransactionsPageQueryVariables>;
export const TransactionPageDocument = new TypedDocumentString(`
    query TransactionPage($orderId: String!) {
  adminTransaction(orderId: $orderId) {
    appCode
    orderId
    amount
    paidAmount
    feeAmount
    refundedAmount
    currency
    transactionStatus
    fraudStatus
    paid
    paymentType
    midtransTransactionId
    redirectUrl
    paidAfterExpiry
    createdAt
    updatedAt
    rawStatus
    customer {
      name
      email
      phone
    }
    items {
      id
      name
      price
      quantity
    }
    channel {
      method
      bank
      referenceKind
      reference
    }
    timeline {
      sequence
      fromStatus
      toStatus
      source
      detail
      at
    }
    notifications {
      id
      claimedStatus
      outcome
      receivedCount
      receivedAt
    }
    webhookEvents {
      id
      type
      state
      attempts
      lastError
      createdAt
      attemptLog {
        at
        statusCode
        latencyMs
        error
      }
    }
  }
}
    `) as unknown as TypedDocumentString<TransactionPageQuery, TransactionPageQueryVariables>;
export const ReplayWebhookDocument = new TypedDocumentString(`
    mutation ReplayWebhook($id: String!) {
  adminReplayWebhookEvent(id: $id)
}
    `) as unknown as TypedDocumentString<ReplayWebhookMutation, ReplayWebhookMutationVariables>;
export const AuditPageDocument = new TypedDocumentString(`
    query AuditPage($before: Int, $filter: AuditFilter) {
  auditLog(first: 50, before: $before, filter: $filter) {
    id
    actor
    action
    target
    detail
    ip
    at
  }
}
    `) as unknown as TypedDocumentString<AuditPageQuery, AuditPageQueryVariables>;
export const AdminCancelDocument = new TypedDocumentString(`
    mutation AdminCancel($orderId: String!) {
  adminCancelTransaction(orderId: $orderId) {
    transactionStatus
  }
}
    `) as unknown as TypedDocumentString<AdminCancelMutation, AdminCancelMutationVariables>;
export const AdminExpireDocument = new TypedDocumentString(`
    mutation AdminExpire($orderId: String!) {
  adminExpireTransaction(orderId: $orderId) {
    transactionStatus
  }
}
    `) as unknown as TypedDocumentString<AdminExpireMutation, AdminExpireMutationVariables>;
export const AdminRefundDocument = new TypedDocumentString(`
    mutation AdminRefund($input: AdminRefundInput!) {
  adminRefundTransaction(input: $input) {
    transactionStatus
    refundedAmount
  }
}
    `) as unknown as TypedDocumentString<AdminRefundMutation, AdminRefundMutationVariables>;
export const ReplayFailedWebhooksDocument = new TypedDocumentString(`
    mutation ReplayFailedWebhooks($appCode: String!) {
  adminReplayFailedWebhookEvents(appCode: $appCode)
}
    `) as unknown as TypedDocumentString<ReplayFailedWebhooksMutation, ReplayFailedWebhooksMutationVariables>;
export const AccountDocument = new TypedDocumentString(`
    query Account {
  me {
    username
    twoFactor
  }
}
    `) as unknown as TypedDocumentString<AccountQuery, AccountQueryVariables>;
export const StartTwoFactorDocument = new TypedDocumentString(`
    mutation StartTwoFactor {
  startTwoFactor {
    secret
    qrSvg
  }
}
    `) as unknown as TypedDocumentString<StartTwoFactorMutation, StartTwoFactorMutationVariables>;
export const ConfirmTwoFactorDocument = new TypedDocumentString(`
    mutation ConfirmTwoFactor($code: String!) {
  confirmTwoFactor(code: $code)
}
    `) as unknown as TypedDocumentString<ConfirmTwoFactorMutation, ConfirmTwoFactorMutationVariables>;
export const ModeDocument = new TypedDocumentString(`
    query Mode {
  gateway {
    provider
  }
}
    `) as unknown as TypedDocumentString<ModeQuery, ModeQueryVariables>;
export const SetLocaleDocument = new TypedDocumentString(`
    mutation SetLocale($locale: String!) {
  setLocale(locale: $locale)
}
    `) as unknown as TypedDocumentString<SetLocaleMutation, SetLocaleMutationVariables>;
export const LedgerUpdatedDocument = new TypedDocumentString(`
    subscription LedgerUpdated {
  ledgerUpdated {
    appCode
    orderId
    sequence
    transactionStatus
  }
}
    `) as unknown as TypedDocumentString<LedgerUpdatedSubscription, LedgerUpdatedSubscriptionVariables>;