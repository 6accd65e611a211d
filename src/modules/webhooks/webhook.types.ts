import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: "How an app's webhook endpoint is doing." })
export class WebhookHealthType {
  @Field(() => String, {
    description:
      'healthy; failing (attempts fail since failingSince, each event is retried on its schedule); or paused (the endpoint timed out or refused connections several times in a row: its events wait in the outbox, and one trial delivery is made at pausedUntil).',
  })
  state!: string;
  @Field(() => Date, { nullable: true, description: 'When the current run of failed attempts began; none once a webhook is delivered.' })
  failingSince!: Date | null;
  @Field(() => Date, { nullable: true, description: 'While paused: when the next trial delivery is made.' }) pausedUntil!: Date | null;
  @Field(() => Int, { description: 'Attempts in a row that timed out or could not connect.' }) unreachableAttempts!: number;
}

@ObjectType({ description: "The calling app's webhook settings." })
export class WebhookSettingsType {
  @Field(() => String, { nullable: true }) url!: string | null;
  @Field(() => Boolean) hasSecret!: boolean;
  @Field(() => Boolean, { description: 'Set by an admin: whether the URL may be on a private network.' }) allowPrivateNetworks!: boolean;
  @Field(() => WebhookHealthType) health!: WebhookHealthType;
}

@ObjectType()
export class WebhookSetup {
  @Field(() => WebhookSettingsType) settings!: WebhookSettingsType;
  @Field(() => String, { nullable: true, description: 'The signing secret (whsec_…), shown only when it was just created.' })
  secret!: string | null;
}

@ObjectType({ description: 'One delivery attempt.' })
export class WebhookAttemptType {
  @Field(() => Date) at!: Date;
  @Field(() => Int, { nullable: true }) statusCode!: number | null;
  @Field(() => Int) latencyMs!: number;
  @Field(() => String, { nullable: true, description: 'The start of the response body.' }) responseSnippet!: string | null;
  @Field(() => String, { nullable: true }) error!: string | null;
}

@ObjectType({ description: 'A webhook event and its delivery.' })
export class WebhookEventType {
  @Field(() => String, { description: 'The webhook-id header, the same on every retry.' }) id!: string;
  @Field(() => String) type!: string;
  @Field(() => String, { description: 'pending, delivered or dead.' }) state!: string;
  @Field(() => Int) attempts!: number;
  @Field(() => Date) nextAttemptAt!: Date;
  @Field(() => Date, { nullable: true }) deliveredAt!: Date | null;
  @Field(() => String, { nullable: true }) lastError!: string | null;
  @Field(() => String, { description: 'The JSON body as sent.' }) payload!: string;
  @Field(() => Date) createdAt!: Date;
  @Field(() => [WebhookAttemptType]) attemptLog!: WebhookAttemptType[];
}
