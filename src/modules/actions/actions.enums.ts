import { registerEnumType } from 'type-graphql';

export enum ActionStatus {
  OPEN = 'OPEN',
  IN_PROGRESS = 'IN_PROGRESS',
  DONE = 'DONE',
  OVERDUE = 'OVERDUE',
}

registerEnumType(ActionStatus, {
  name: 'ActionStatus',
  description: 'Where an action is. The hub marks OPEN and IN_PROGRESS actions OVERDUE when their due date passes.',
  valuesConfig: {
    OPEN: { description: 'Assigned, not started.' },
    IN_PROGRESS: { description: 'Being worked.' },
    DONE: { description: 'Done, with an outcome.' },
    OVERDUE: { description: 'Past its due date and not done.' },
  },
});
