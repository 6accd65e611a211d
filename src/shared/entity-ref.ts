/** The id behind a reference to another row: the ORM gives a loaded entity, a reference object, or the bare id. */
export function idOf<K extends string | number>(ref: K | { id: K }): K {
  return typeof ref === 'object' ? ref.id : ref;
}
