import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A trusted document: an operation registered ahead of time (from a codegen manifest) and then sent
 * by its hash. Kept in PostgreSQL so that every hub process knows every registered document, whichever
 * process registered it.
 */
@Entity({ tableName: 'trusted_document' })
export class TrustedDocument {
  [OptionalProps]?: 'registeredAt';

  /** sha256 of the text, as 64 lowercase hex digits (the manifest's key without its `sha256:`). */
  @PrimaryKey({ type: 'text' })
  hash!: string;

  /** The document's text exactly as hashed. */
  @Property({ type: 'text' })
  body!: string;

  /** The operation's name, for logs and the README's list. */
  @Property({ type: 'text', nullable: true })
  operationName?: string | null;

  /** query, mutation or subscription. */
  @Property({ type: 'text' })
  operationType!: string;

  /** True when the answer depends only on the open data loaded (imports), never on the caller: GET answers carry an ETag. */
  @Property({ type: 'boolean' })
  openData!: boolean;

  /** Where it was registered from: the manifest's file name. */
  @Property({ type: 'text' })
  source!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  registeredAt: Date = new Date();
}
