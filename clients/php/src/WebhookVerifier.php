<?php
declare(strict_types=1);

namespace Gerbang;

/**
 * Checks gerbang's webhooks per Standard Webhooks 1.0: the `webhook-signature` header holds
 * `v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>">`, keyed with the app's
 * signing secret (base64 after `whsec_`); the timestamp must be within the tolerance of now; the
 * comparison takes constant time. Keep `webhook-id` to drop repeats, and `data.sequence` to drop
 * older states of a payment.
 */
final class WebhookVerifier
{
    private readonly string $key;

    public function __construct(string $secret, private readonly int $toleranceSeconds = 300)
    {
        $key = base64_decode(preg_replace('/^whsec_/', '', $secret) ?? '', true);
        if ($key === false || $key === '') {
            throw new \InvalidArgumentException('Not a webhook signing secret (whsec_…)');
        }
        $this->key = $key;
    }

    /**
     * The event, once its signature and time hold; WebhookVerificationException otherwise.
     * @param array<string, string|string[]> $headers the request's headers (any case)
     * @return array<string, mixed>
     */
    public function verify(string $body, array $headers, ?int $now = null): array
    {
        $lower = array_change_key_case($headers, CASE_LOWER);
        $get = static fn (string $name): string => is_array($lower[$name] ?? null) ? (string) ($lower[$name][0] ?? '') : (string) ($lower[$name] ?? '');
        $id = $get('webhook-id');
        $timestamp = $get('webhook-timestamp');
        $signatures = $get('webhook-signature');
        if ($id === '' || !ctype_digit($timestamp) || $signatures === '') {
            throw new WebhookVerificationException('Missing webhook-id, webhook-timestamp or webhook-signature');
        }
        if (abs(($now ?? time()) - (int) $timestamp) > $this->toleranceSeconds) {
            throw new WebhookVerificationException('The webhook timestamp is too far from now');
        }
        $expected = base64_encode(hash_hmac('sha256', "$id.$timestamp.$body", $this->key, true));
        foreach (explode(' ', $signatures) as $entry) {
            [$version, $signature] = array_pad(explode(',', $entry, 2), 2, '');
            if ($version === 'v1' && hash_equals($expected, $signature)) {
                $event = json_decode($body, true);
                if (!is_array($event)) {
                    throw new WebhookVerificationException('The webhook body is not a JSON object');
                }
                return $event;
            }
        }
        throw new WebhookVerificationException('No valid signature');
    }
}
