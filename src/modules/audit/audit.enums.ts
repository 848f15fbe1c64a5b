import { registerEnumType } from 'type-graphql';

export enum AuditOperation {
  READ = 'READ',
  PUSH = 'PUSH',
  ERASE = 'ERASE',
}

registerEnumType(AuditOperation, {
  name: 'AuditOperation',
  description: 'How personal case data was touched.',
  valuesConfig: {
    READ: { description: 'Read in a query.' },
    PUSH: { description: 'Sent to a live subscription.' },
    ERASE: { description: 'Erased when the retention period ended.' },
  },
});
