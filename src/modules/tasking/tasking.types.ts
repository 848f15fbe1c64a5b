import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { TaskingEventType, type TaskingEventPayload } from './tasking.events';

@ObjectType({
  description:
    'Something that happened in one of your tasking groups. Keep the last `cursor` you received: resubscribe with it as ' +
    '`since` to get everything you missed, exactly once.',
})
export class TaskingGroupEvent {
  @Field({ description: 'Position of this event in the stream; pass the last one you saw as `since` when you resubscribe.' })
  cursor!: string;

  @Field(() => TaskingEventType, { description: 'What happened.' })
  type!: TaskingEventType;

  @Field(() => DateTimeISOResolver, { description: 'When the change was made.' })
  occurredAt!: Date;

  /** The ids the event is about; the resolvers turn them into objects as the subscriber may see them. */
  payload!: TaskingEventPayload;
}
