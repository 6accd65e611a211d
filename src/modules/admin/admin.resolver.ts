import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { actorOf, type GraphqlContext } from '../../graphql/context.js';
import { AppError } from '../../shared/errors.js';
import { renameFields } from '../../shared/error-mapping.js';
import { isPaid } from '../payments/payment-state.js';
import { presentDetail } from '../payments/transaction.presenter.js';
import { presentWebhookEvent } from '../webhooks/webhook.presenter.js';
import { channelOf, customerOf, itemsOf, presentNotification, toApp } from './admin.presenter.js';
import {
  AdminApp,
  AdminMe,
  AdminRefundInput,
  AuditFilter,
  WebhookTestResultType,
  AdminTransactionConnection,
  AdminTransactionDetail,
  AdminTransactionFilter,
  AppKeyPayload,
  AuditEntryType,
  CreateAppInput,
  Dashboard,
  GatewayInfo,
  NotificationInfo,
  UpdateAppInput,
  AppSnapDefaultsInput,
  TwoFactorSetup,
  UpdateAppPayload,
} from './admin.types.js';

/** Where snapDefaultsFrom puts each field of the GraphQL input. */
const SNAP_DEFAULTS_FIELDS = {
  'callbacks.finish': 'snapDefaults.finishUrl',
  'callbacks.error': 'snapDefaults.errorUrl',
  'callbacks.unfinish': 'snapDefaults.unfinishUrl',
  enabled_payments: 'snapDefaults.enabledPayments',
  'page_expiry.duration': 'snapDefaults.pageExpiryMinutes',
  page_expiry: 'snapDefaults.pageExpiryMinutes',
};

/** GraphQL's app defaults in Midtrans' names; empty strings and lists mean "none". */
function snapDefaultsFrom(input: AppSnapDefaultsInput): Record<string, unknown> {
  const url = (v: string | undefined | null) => (v ? v : undefined);
  return {
    callbacks: { finish: url(input.finishUrl), error: url(input.errorUrl), unfinish: url(input.unfinishUrl) },
    ...(input.enabledPayments && input.enabledPayments.length > 0 ? { enabled_payments: input.enabledPayments } : {}),
    ...(input.pageExpiryMinutes ? { page_expiry: { unit: 'minutes', duration: input.pageExpiryMinutes } } : {}),
  };
}

/** Logging in and out of the admin session. */
@Resolver(() => AdminMe)
export class AdminSessionResolver {
  @Mutation(() => AdminMe, { description: 'Logs an administrator in: sets an HttpOnly, SameSite=Strict session cookie.' })
  async login(
    @Arg('username', () => String) username: string,
    @Arg('password', () => String) password: string,
    @Ctx() context: GraphqlContext,
    @Arg('code', () => String, { nullable: true, description: 'With two-factor sign-in: the 6-digit code from the authenticator app, or a recovery code.' })
    code?: string | null,
  ): Promise<AdminMe> {
    const session = await context.services.adminAuth.login(context.ctx, username, password, {
      ip: context.http.ip,
      userAgent: context.http.userAgent,
      code: code ?? undefined,
    });
    context.http.setSessionCookie(session.token, session.expiresAt);
    return { username: session.admin.username, via: 'session' };
  }

  @Mutation(() => Boolean, { description: 'Ends this admin session on the server.' })
  async logout(@Ctx() context: GraphqlContext): Promise<boolean> {
    if (context.http.sessionToken) await context.services.adminAuth.logout(context.ctx, context.http.sessionToken, context.http.ip);
    context.http.clearSessionCookie();
    return true;
  }

  @Authorized('ADMIN')
  @Query(() => AdminMe, { description: 'The administrator of this session or token.' })
  me(@Ctx() context: GraphqlContext): AdminMe {
    return { username: context.admin!.username, via: context.admin!.via };
  }

  @Authorized('ADMIN')
  @FieldResolver(() => Boolean, { description: 'Whether this admin signs in with a second factor (TOTP).' })
  twoFactor(@Root() me: AdminMe, @Ctx() context: GraphqlContext): Promise<boolean> {
    return context.services.adminAuth.twoFactorOn(context.ctx, context.admin!.id);
  }

  @Authorized('ADMIN')
  @FieldResolver(() => String, { nullable: true, description: 'The admin UI language this admin chose (id or en); null until chosen.' })
  locale(@Root() me: AdminMe, @Ctx() context: GraphqlContext): Promise<string | null> {
    return context.services.adminAuth.locale(context.ctx, context.admin!.id);
  }

  @Authorized('ADMIN')
  @Mutation(() => String, { description: 'Remembers the admin UI language for this admin: id (Bahasa Indonesia) or en.' })
  setLocale(@Arg('locale', () => String) locale: string, @Ctx() context: GraphqlContext): Promise<string> {
    return context.services.adminAuth.setLocale(context.ctx, context.admin!.id, locale);
  }

  @Authorized('ADMIN')
  @Mutation(() => TwoFactorSetup, {
    description:
      'Starts two-factor sign-in for this admin: a new secret and its QR code for an authenticator app. Nothing changes at sign-in until confirmTwoFactor.',
  })
  startTwoFactor(@Ctx() context: GraphqlContext): Promise<TwoFactorSetup> {
    return context.services.adminAuth.startTwoFactor(context.ctx, context.admin!.id);
  }

  @Authorized('ADMIN')
  @Mutation(() => [String], {
    description: 'Turns two-factor sign-in on with a current code from the app; returns ten single-use recovery codes, shown only now.',
  })
  confirmTwoFactor(@Arg('code', () => String) code: string, @Ctx() context: GraphqlContext): Promise<string[]> {
    return context.services.adminAuth.confirmTwoFactor(context.ctx, context.admin!.id, code, context.http.ip);
  }
}

/** Admin operations across all apps. */
@Resolver()
export class AdminResolver {
  @Authorized('ADMIN')
  @Query(() => GatewayInfo)
  gateway(@Ctx() context: GraphqlContext): GatewayInfo {
    const config = context.services.config;
    return { notificationUrl: `${config.publicUrl}/notifications/midtrans`, provider: config.provider, production: config.midtrans.isProduction };
  }

  @Authorized('ADMIN')
  @Query(() => [AdminApp], { description: 'Every app.' })
  async apps(@Ctx() context: GraphqlContext): Promise<AdminApp[]> {
    return (await context.services.admin.listApps(context.ctx)).map(toApp);
  }

  @Authorized('ADMIN')
  @Mutation(() => AppKeyPayload, { description: 'Creates an app; its key is in this answer only.' })
  async createApp(@Arg('input', () => CreateAppInput) input: CreateAppInput, @Ctx() context: GraphqlContext): Promise<AppKeyPayload> {
    const result = await context.services.admin.createApp(context.ctx, actorOf(context), { code: input.code, name: input.name, key: input.key ?? undefined });
    return { app: toApp((await context.services.admin.listApps(context.ctx)).find((a) => a.code === result.app.code)!), apiKey: result.apiKey };
  }

  @Authorized('ADMIN')
  @Mutation(() => AppKeyPayload, { description: 'Gives an app a new key; the old key stops working at once.' })
  async rotateAppKey(@Arg('code', () => String) code: string, @Ctx() context: GraphqlContext): Promise<AppKeyPayload> {
    const result = await context.services.admin.rotateAppKey(context.ctx, actorOf(context), code);
    return { app: toApp((await context.services.admin.listApps(context.ctx)).find((a) => a.code === code)!), apiKey: result.apiKey };
  }

  @Authorized('ADMIN')
  @Mutation(() => AdminApp, { description: 'Refuses all requests of an app (401) until it is enabled.' })
  async disableApp(@Arg('code', () => String) code: string, @Ctx() context: GraphqlContext): Promise<AdminApp> {
    return toApp(await context.services.admin.setAppActive(context.ctx, actorOf(context), code, false));
  }

  @Authorized('ADMIN')
  @Mutation(() => AdminApp)
  async enableApp(@Arg('code', () => String) code: string, @Ctx() context: GraphqlContext): Promise<AdminApp> {
    return toApp(await context.services.admin.setAppActive(context.ctx, actorOf(context), code, true));
  }

  @Authorized('ADMIN')
  @Mutation(() => UpdateAppPayload, {
    description: 'Renames an app, sets its webhook (and whether it may reach private networks), or its Snap defaults for charges that leave them out.',
  })
  async updateApp(@Arg('input', () => UpdateAppInput) input: UpdateAppInput, @Ctx() context: GraphqlContext): Promise<UpdateAppPayload> {
    const result = await context.services.admin
      .updateApp(context.ctx, actorOf(context), input.code, {
        name: input.name ?? undefined,
        webhookUrl: input.webhookUrl === undefined || input.webhookUrl === null ? undefined : input.webhookUrl === '' ? null : input.webhookUrl,
        allowPrivateWebhooks: input.allowPrivateWebhooks ?? undefined,
        snapDefaults: input.snapDefaults ? snapDefaultsFrom(input.snapDefaults) : undefined,
        allowedOrigins: input.allowedOrigins ?? undefined,
      })
      .catch((error: unknown) => {
        throw renameFields(error, SNAP_DEFAULTS_FIELDS);
      });
    return { app: toApp(result.app), webhookSecret: result.webhookSecret ?? null };
  }

  @Authorized('ADMIN')
  @Query(() => AdminTransactionConnection, { description: 'Transactions of all apps, newest first.' })
  async adminTransactions(
    @Ctx() context: GraphqlContext,
    @Arg('filter', () => AdminTransactionFilter, { nullable: true }) filter?: AdminTransactionFilter,
    @Arg('first', () => Int, { defaultValue: 25, description: 'At most 100.' }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<AdminTransactionConnection> {
    const page = await context.services.admin.transactions(
      context.ctx,
      {
        appCode: filter?.appCode || undefined,
        status: filter?.status || undefined,
        paid: filter?.paid ?? undefined,
        from: filter?.from ?? undefined,
        to: filter?.to ?? undefined,
        search: filter?.search || undefined,
        paidAfterExpiry: filter?.paidAfterExpiry ?? undefined,
      },
      first ?? 25,
      after ?? undefined,
    );
    return {
      totals: page.totals,
      edges: page.nodes.map(({ transaction: tx, appCode }) => ({
        cursor: Buffer.from(`atx:${tx.id}`).toString('base64url'),
        node: {
          appCode,
          orderId: tx.orderId,
          amount: tx.amount,
          paidAmount: tx.paidAmount ?? null,
          feeAmount: tx.feeAmount ?? null,
          transactionStatus: tx.transactionStatus,
          paid: isPaid(tx.transactionStatus, tx.fraudStatus),
          paidAfterExpiry: tx.paidAfterExpiry ?? false,
          paymentType: tx.paymentType ?? null,
          createdAt: tx.createdAt,
          updatedAt: tx.updatedAt,
        },
      })),
      hasNextPage: page.hasNextPage,
      endCursor: page.endCursor,
    };
  }

  @Authorized('ADMIN')
  @Query(() => AdminTransactionDetail, { description: 'One transaction in full: timeline, raw Midtrans status, notifications, webhooks.' })
  async adminTransaction(@Arg('orderId', () => String) orderId: string, @Ctx() context: GraphqlContext): Promise<AdminTransactionDetail> {
    const detail = await context.services.admin.transaction(context.ctx, orderId);
    return {
      ...presentDetail(detail),
      customer: customerOf(detail.transaction),
      items: itemsOf(detail.transaction),
      channel: channelOf(detail.transaction),
      appCode: detail.appCode,
      fraudStatus: detail.transaction.fraudStatus ?? null,
      midtransTransactionId: detail.transaction.midtransTransactionId ?? null,
      rawStatus: detail.transaction.rawStatus ?? null,
      notifications: detail.notifications.map(presentNotification),
      webhookEvents: detail.webhookEvents.map(presentWebhookEvent),
    };
  }

  @Authorized('ADMIN')
  @Query(() => Dashboard)
  async dashboard(@Ctx() context: GraphqlContext): Promise<Dashboard> {
    return context.services.admin.dashboard(context.ctx);
  }

  @Authorized('ADMIN')
  @Query(() => [AuditEntryType], { description: 'Admin actions, newest first.' })
  async auditLog(
    @Ctx() context: GraphqlContext,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('before', () => Int, { nullable: true, description: 'The id of the last entry of the previous page.' }) before?: number,
    @Arg('filter', () => AuditFilter, { nullable: true }) filter?: AuditFilter,
  ): Promise<AuditEntryType[]> {
    const entries = await context.services.audit.list(context.ctx, {
      first,
      before: before ?? undefined,
      actor: filter?.actor || undefined,
      action: filter?.action || undefined,
      from: filter?.from ?? undefined,
      to: filter?.to ?? undefined,
    });
    return entries.map((e) => ({
      id: e.id,
      actor: e.actor,
      action: e.action,
      target: e.target ?? null,
      detail: e.detail ?? null,
      ip: e.ip ?? null,
      at: e.createdAt,
    }));
  }

  @Authorized('ADMIN')
  @Query(() => [NotificationInfo], { description: 'Valid notifications for orders gerbang does not know.' })
  async orphanNotifications(@Ctx() context: GraphqlContext, @Arg('first', () => Int, { defaultValue: 50 }) first: number): Promise<NotificationInfo[]> {
    return (await context.services.admin.orphanNotifications(context.ctx, first)).map(presentNotification);
  }

  @Authorized('ADMIN')
  @Mutation(() => AdminTransactionDetail, { description: 'Cancels an unpaid payment of any app (at Midtrans too); audited.' })
  async adminCancelTransaction(@Arg('orderId', () => String) orderId: string, @Ctx() context: GraphqlContext): Promise<AdminTransactionDetail> {
    await context.services.admin.cancelTransaction(context.ctx, actorOf(context), orderId);
    return this.adminTransaction(orderId, context);
  }

  @Authorized('ADMIN')
  @Mutation(() => AdminTransactionDetail, { description: 'Expires a pending payment of any app now: the customer can no longer pay it; audited.' })
  async adminExpireTransaction(@Arg('orderId', () => String) orderId: string, @Ctx() context: GraphqlContext): Promise<AdminTransactionDetail> {
    await context.services.admin.expireTransaction(context.ctx, actorOf(context), orderId);
    return this.adminTransaction(orderId, context);
  }

  @Authorized('ADMIN')
  @Mutation(() => AdminTransactionDetail, { description: 'Refunds all or part of a paid payment of any app, with a reason; audited.' })
  async adminRefundTransaction(@Arg('input', () => AdminRefundInput) input: AdminRefundInput, @Ctx() context: GraphqlContext): Promise<AdminTransactionDetail> {
    await context.services.admin.refundTransaction(context.ctx, actorOf(context), input.orderId, { amount: input.amount ?? undefined, reason: input.reason });
    return this.adminTransaction(input.orderId, context);
  }

  @Authorized('ADMIN')
  @Mutation(() => WebhookTestResultType, {
    description: "Sends a signed test event (type webhook.test) to an app's webhook URL now; answers with the endpoint's answer.",
  })
  sendTestWebhook(@Arg('appCode', () => String) appCode: string, @Ctx() context: GraphqlContext): Promise<WebhookTestResultType> {
    return context.services.admin.sendTestWebhook(context.ctx, actorOf(context), appCode);
  }

  @Authorized('ADMIN')
  @Mutation(() => Boolean, { description: 'Sends a webhook event again, with the same webhook-id.' })
  async adminReplayWebhookEvent(@Arg('id', () => String) id: string, @Ctx() context: GraphqlContext): Promise<boolean> {
    await context.services.admin.replayWebhookEvent(context.ctx, actorOf(context), id);
    context.services.dispatcher.kick();
    return true;
  }

  @Authorized('ADMIN')
  @Mutation(() => Int, { description: 'Sends every dead-lettered event of an app again; answers how many.' })
  async adminReplayFailedWebhookEvents(@Arg('appCode', () => String) appCode: string, @Ctx() context: GraphqlContext): Promise<number> {
    if (!appCode) throw new AppError('VALIDATION_FAILED', 'appCode is required');
    const count = await context.services.admin.replayFailedWebhookEvents(context.ctx, actorOf(context), appCode);
    context.services.dispatcher.kick();
    return count;
  }
}
