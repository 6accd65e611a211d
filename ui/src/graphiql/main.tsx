import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import 'graphiql/graphiql.css';
import { createRoot } from 'react-dom/client';

// Same origin: a logged-in admin's session cookie goes along. Apps put X-App-Code and X-Api-Key
// in the Headers tab.
const fetcher = createGraphiQLFetcher({ url: '/graphql' });

const defaultQuery = `# gerbang GraphQL playground
#
# Admins: log in at /admin first, then for example:
#   { dashboard { today { count volume } month { count volume } successRate } }
#
# Apps: open "Headers" below and set
#   { "X-App-Code": "biling", "X-Api-Key": "<your key>" }
# then for example:
#   { transactions(first: 5) { edges { node { orderId amount transactionStatus } } } }

{
  __typename
}
`;

createRoot(document.getElementById('graphiql')!).render(<GraphiQL fetcher={fetcher} defaultQuery={defaultQuery} defaultEditorToolsVisibility="headers" />);
