import { defineModule } from '../../module';
import { GroupMember } from './group-member.entity';
import { TaskingGroup } from './tasking-group.entity';
import { taskingLoaders } from './tasking.loaders';
import { GroupMemberResolver, TaskingGroupResolver, TaskingUpdatesResolver, UserResolver } from './tasking.resolver';

/** Tasking groups, their members, and their live updates. */
export const taskingModule = defineModule({
  name: 'tasking',
  entities: [TaskingGroup, GroupMember],
  resolvers: [UserResolver, TaskingGroupResolver, GroupMemberResolver, TaskingUpdatesResolver],
  loaders: taskingLoaders,
});
