import { defineModule } from '../../module';
import { OutboxEvent } from './outbox-event.entity';

/**
 * The write path and live updates: the write transaction, the outbox and its channels, the wake-up
 * bus and the stream that replays and follows the outbox. It brings the outbox's table; the modules
 * whose changes it carries bring their subscriptions.
 */
export const liveModule = defineModule({
  name: 'live',
  entities: [OutboxEvent],
  resolvers: [],
});
