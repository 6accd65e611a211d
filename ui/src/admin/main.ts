import { type TemplateResult } from 'lit';
import { ApiError, gql } from './api';
import { MeDocument, ModeDocument } from './generated/graphql';
import { failure, go, layout, onNavigate, paint, session } from './shell';
import { lang, setLang } from './i18n';
import { followLedger } from './live';
import { accountView } from './views/account';
import { appsView } from './views/apps';
import { auditView } from './views/audit';
import { dashboardView } from './views/dashboard';
import { loginView, onSignIn } from './views/login';
import { transactionView } from './views/transaction';
import { transactionsView } from './views/transactions';
import './styles.css';

/* The admin UI's router: one view per page, in views/. */

type Route =
  | { name: 'login' }
  | { name: 'dashboard' }
  | { name: 'apps' }
  | { name: 'transactions' }
  | { name: 'transaction'; orderId: string }
  | { name: 'audit' }
  | { name: 'account' };

function currentRoute(): Route {
  const hash = location.hash.replace(/^#\/?/, '');
  const [page, ...rest] = hash.split('/');
  if (page === 'login') return { name: 'login' };
  if (page === 'apps') return { name: 'apps' };
  if (page === 'transactions' && rest.length) return { name: 'transaction', orderId: decodeURIComponent(rest.join('/')) };
  if (page === 'transactions') return { name: 'transactions' };
  if (page === 'audit') return { name: 'audit' };
  if (page === 'account') return { name: 'account' };
  return { name: 'dashboard' };
}

const VIEWS: Record<Exclude<Route['name'], 'login' | 'transaction'>, () => Promise<TemplateResult>> = {
  dashboard: dashboardView,
  apps: appsView,
  transactions: () => transactionsView(),
  audit: () => auditView(),
  account: accountView,
};

/** Takes the signed-in admin and the language remembered for them. */
export async function signedIn(): Promise<void> {
  const { me } = await gql(MeDocument);
  session.me = me.username;
  if ((me.locale === 'id' || me.locale === 'en') && me.locale !== lang()) setLang(me.locale);
  followLedger(refreshFor);
}

let refreshing: ReturnType<typeof setTimeout> | undefined;

/**
 * Shows the page again when a payment it shows changed: the dashboard and the transaction list at
 * any change (the list not while the admin is typing in its filters), a detail page at its own.
 * Changes that come together make one refresh.
 */
function refreshFor(change: { orderId: string }): void {
  const route = currentRoute();
  const concerned =
    route.name === 'dashboard' ||
    (route.name === 'transaction' && route.orderId === change.orderId) ||
    (route.name === 'transactions' && !document.activeElement?.closest('form'));
  if (!concerned || refreshing) return;
  refreshing = setTimeout(() => {
    refreshing = undefined;
    void show();
  }, 300);
}

/** Shows the page of the current address; asks to sign in when the session is gone. */
async function show(): Promise<void> {
  const route = currentRoute();
  if (route.name === 'login') return paint(loginView());
  if (!session.me) {
    try {
      await signedIn();
    } catch {
      return go('login');
    }
  }
  session.simulator ??= await gql(ModeDocument).then(
    ({ gateway }) => gateway.provider === 'simulator',
    () => undefined,
  );
  try {
    if (route.name === 'transaction') return paint(layout('transactions', await transactionView(route.orderId)));
    return paint(layout(route.name, await VIEWS[route.name]()));
  } catch (error) {
    if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') {
      session.me = undefined;
      return go('login');
    }
    paint(layout(route.name, failure(error)));
  }
}

onNavigate(show);
onSignIn(signedIn);
window.addEventListener('hashchange', () => void show());
void show();
