// The page: it holds only the payment's client secret. It opens the payment (Snap.js with the client
// key, or gerbang's own payment page in simulator mode) and shows its state live, over gerbang's
// GraphQL subscription (graphql-transport-ws protocol), without reloading or polling.
const WORDS = { waiting: 'Waiting for payment', paid: 'Paid', failed: 'Payment failed', expired: 'Expired', refunded: 'Refunded' };
const show = (payment) => {
  const state = document.getElementById('state');
  state.textContent = WORDS[payment.state] ?? payment.state;
  state.className = `state ${payment.state}`;
  document.getElementById('pay').disabled = payment.state !== 'waiting';
};

async function graphql(gerbangUrl, query, variables) {
  const response = await fetch(`${gerbangUrl}/graphql`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  const body = await response.json();
  if (body.errors) throw new Error(body.errors[0].message);
  return body.data;
}

/** Follows the payment: gerbang sends its state now, then every change. */
function follow(gerbangUrl, clientSecret, onPayment) {
  const socket = new WebSocket(`${gerbangUrl.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
  socket.onopen = () => socket.send(JSON.stringify({ type: 'connection_init' }));
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);
    if (message.type === 'connection_ack') {
      socket.send(JSON.stringify({
        id: '1',
        type: 'subscribe',
        payload: { query: 'subscription($s: String!) { paymentUpdated(clientSecret: $s) { orderId state sequence } }', variables: { s: clientSecret } },
      }));
    } else if (message.type === 'next' && message.payload.data) {
      onPayment(message.payload.data.paymentUpdated);
    } else if (message.type === 'ping') {
      socket.send(JSON.stringify({ type: 'pong' }));
    }
  };
  return socket;
}

const { orderId, clientSecret, gerbangUrl } = await (await fetch('/checkout', { method: 'POST' })).json();
document.getElementById('order').textContent = orderId;
const { checkoutConfig: config, payment } = await graphql(
  gerbangUrl,
  'query($s: String!) { checkoutConfig { provider clientKey snapJsUrl } payment(clientSecret: $s) { state snapToken redirectUrl } }',
  { s: clientSecret },
);
show(payment);
follow(gerbangUrl, clientSecret, show);

document.getElementById('pay').addEventListener('click', () => {
  if (config.snapJsUrl) {
    const script = document.createElement('script');
    script.src = config.snapJsUrl;
    script.dataset.clientKey = config.clientKey;
    script.onload = () => window.snap.pay(payment.snapToken);
    document.head.append(script);
  } else {
    // Simulator mode: gerbang's own payment page, in a window of its own.
    window.open(payment.redirectUrl, 'payment', 'width=480,height=720');
  }
});
