import { defineModule } from '../../module';
import { Meeting, MeetingAgendaItem, MeetingAttendee, MeetingDecision } from './meeting.entity';
import { meetingsLoaders } from './meetings.loaders';
import {
  MeetingAttendanceResolver,
  MeetingDecisionResolver,
  MeetingResolver,
  NeighbourhoodIssueResolver,
  TaskingEventMeetingResolver,
} from './meetings.resolver';
import { NeighbourhoodIssue } from './neighbourhood-issue.entity';

/** Tasking-group meetings (agenda, attendance, decisions) and the issues residents raise with the groups. */
export const meetingsModule = defineModule({
  name: 'meetings',
  entities: [Meeting, MeetingAgendaItem, MeetingAttendee, MeetingDecision, NeighbourhoodIssue],
  resolvers: [MeetingResolver, MeetingAttendanceResolver, MeetingDecisionResolver, NeighbourhoodIssueResolver, TaskingEventMeetingResolver],
  loaders: meetingsLoaders,
});
