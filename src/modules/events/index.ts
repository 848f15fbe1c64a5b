import { defineModule } from '../../module';
import { OutboxEvent } from './outbox-event.entity';

/** The outbox: every live event, in commit order, for subscriptions to read and replay. */
export const eventsModule = defineModule({
  name: 'events',
  entities: [OutboxEvent],
  resolvers: [],
});
