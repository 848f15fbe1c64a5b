import { Field, Int, ObjectType } from 'type-graphql';
import { Connection } from '../../pagination';
import { Meeting } from './meeting.entity';
import { NeighbourhoodIssue } from './neighbourhood-issue.entity';

@ObjectType({ description: 'One agency at a meeting and how many people it sent.' })
export class MeetingAttendance {
  /** The agency; resolved through the partner loader. */
  agencyId!: number;

  @Field(() => Int, { description: 'How many people came from the agency.' })
  people!: number;
}

export const MeetingConnection = Connection(Meeting, 'Meeting', 'meetings');
export const NeighbourhoodIssueConnection = Connection(NeighbourhoodIssue, 'NeighbourhoodIssue', 'neighbourhood issues');
