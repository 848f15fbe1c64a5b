import type { EntityManager } from '@mikro-orm/postgresql';
import { manyByKey, oneByKey } from '../../batch';
import type { Viewer } from '../access/viewer';
import { agendasOfMeetings, attendeesOfMeetings, decisionsOfMeetings, issuesByIds, meetingsByIds } from './meetings.service';

/**
 * Per-request loaders for meetings (`ctx.loaders.meetings`), bound to the viewer: every batch is one
 * statement in the viewer's group scope, so a loader never hands one group's meetings to another's member.
 */
export function meetingsLoaders(em: EntityManager, viewer: Viewer | null) {
  return {
    meetings: {
      meeting: oneByKey(
        (ids: readonly number[]) => meetingsByIds(em, viewer, ids),
        (m) => m.id,
      ),
      meetingAgenda: manyByKey(
        (ids: readonly number[]) => agendasOfMeetings(em, viewer, ids),
        (e) => e.meetingId,
      ),
      meetingAttendees: manyByKey(
        (ids: readonly number[]) => attendeesOfMeetings(em, viewer, ids),
        (a) => a.meeting.id,
      ),
      neighbourhoodIssue: oneByKey(
        (ids: readonly number[]) => issuesByIds(em, viewer, ids),
        (i) => i.id,
      ),
      meetingDecisions: manyByKey(
        (ids: readonly number[]) => decisionsOfMeetings(em, viewer, ids),
        (d) => d.meeting.id,
      ),
    },
  };
}

/** The loaders a resolver's context needs to load meetings and issues: `Context<MeetingsLoaders>`. */
export type MeetingsLoaders = ReturnType<typeof meetingsLoaders>;
