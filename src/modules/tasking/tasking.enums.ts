import { registerEnumType } from 'type-graphql';

export enum TaskingGroupKind {
  JOINT_TASKING_GROUP = 'JOINT_TASKING_GROUP',
  NEIGHBOURHOOD_MEETING = 'NEIGHBOURHOOD_MEETING',
  LOCALITY_AREA_MANAGERS = 'LOCALITY_AREA_MANAGERS',
}

registerEnumType(TaskingGroupKind, {
  name: 'TaskingGroupKind',
  description: 'What kind of multi-agency group it is.',
  valuesConfig: {
    JOINT_TASKING_GROUP: {
      description:
        "The locality's Joint Tasking Group: Neighbourhoods, Housing, Environmental Enforcement, Early Help and South Yorkshire Police.",
    },
    NEIGHBOURHOOD_MEETING: { description: 'A neighbourhood multi-agency meeting (CAP meeting) where residents raise issues.' },
    LOCALITY_AREA_MANAGERS: { description: "The locality's area managers group." },
  },
});
