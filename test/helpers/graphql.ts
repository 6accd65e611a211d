import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';

export interface GraphqlAnswer<R> {
  status: number;
  data: R | null | undefined;
  errors?: { message: string; path?: string[]; extensions: { code: string; [key: string]: unknown } }[];
}

/** Runs a codegen-typed operation against gerbang's /graphql over HTTP. */
export async function runGraphql<R, V>(
  baseUrl: string,
  document: TypedDocumentNode<R, V>,
  variables: V,
  headers: Record<string, string> = {},
): Promise<GraphqlAnswer<R>> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify({ query: print(document), variables }),
  });
  const body = (await response.json()) as { data?: R | null; errors?: GraphqlAnswer<R>['errors'] };
  return { status: response.status, data: body.data, errors: body.errors };
}
