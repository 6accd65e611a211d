<?php
// A webhook receiver for plain PHP hosting: point the app's webhook URL at this file and set
// GERBANG_WEBHOOK_SECRET (whsec_…, shown once when the URL was set).
declare(strict_types=1);

require __DIR__ . '/../src/autoload.php';

$verifier = new Gerbang\WebhookVerifier((string) getenv('GERBANG_WEBHOOK_SECRET'));
try {
    $event = $verifier->verify((string) file_get_contents('php://input'), getallheaders() ?: []);
} catch (Gerbang\WebhookVerificationException $refused) {
    http_response_code(400);
    exit;
}
// Keep the webhook-id to ignore a repeat, and the highest data.sequence per order_id to ignore older states.
if (($event['type'] ?? '') === 'payment.paid') {
    // Deliver the order $event['data']['order_id'] here.
}
http_response_code(204);
